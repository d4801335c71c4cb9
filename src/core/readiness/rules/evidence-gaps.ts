import { freshUntil, isPeriodic } from '../../cadence.js';
import { addDays, type DateRange } from '../../dates.js';
import {
  compareRecency,
  isPeriodCovered,
  latestAccepted,
  latestRejected,
  latestSubmitted,
  type RequirementEvidence,
} from '../../evidence-index.js';
import type { ReadinessContext } from '../context.js';
import { artifactAfterCadence, artifactPhrase, endSentence, makeReason, periodText } from '../reason.js';
import type { Reason } from '../schema.js';
import type { ControlSubject } from './subject.js';

/** Gap: a requirement has no accepted evidence at all. */
export function* noEvidence(s: ControlSubject): Generator<Reason> {
  const { ctx } = s;
  for (const e of s.requirements) {
    if (latestAccepted(e, ctx.asOf, ctx.at) !== null) continue;
    const r = e.requirement;
    yield makeReason(s, {
      code: 'no-evidence',
      severity: 'gap',
      message: `Upload the first ${artifactPhrase(r.artifact)} for ${r.code} (${r.cadence}).${reviewHint(e, ctx)}`,
      requirementId: r.id,
      requirementCode: r.code,
      dueOn: ctx.planDue.first(r.id) ?? ctx.at,
    });
  }
}

/** Whether `noEvidence` finds a reason, without building it (the burndown asks only for statuses). */
export function hasNoEvidence(s: ControlSubject): boolean {
  const { ctx } = s;
  return s.requirements.some((e) => latestAccepted(e, ctx.asOf, ctx.at) === null);
}

/** Whether `staleEvidence` finds a reason, without building it. */
export function hasStaleEvidence(s: ControlSubject): boolean {
  const { ctx } = s;
  return s.requirements.some((e) => {
    const latest = latestAccepted(e, ctx.asOf, ctx.at);
    if (!latest) return false;
    const until = freshUntil(latest.effectiveEnd, e.requirement.cadence, ctx.graceRatio);
    return until !== null && until < ctx.at;
  });
}

/** Gap: the latest accepted evidence is no longer fresh at T; due the day it went stale. */
export function* staleEvidence(s: ControlSubject): Generator<Reason> {
  const { ctx } = s;
  for (const e of s.requirements) {
    const latest = latestAccepted(e, ctx.asOf, ctx.at);
    if (!latest) continue;
    const r = e.requirement;
    const until = freshUntil(latest.effectiveEnd, r.cadence, ctx.graceRatio);
    if (until === null || until >= ctx.at) continue;
    const staleOn = addDays(until, 1);
    const effective = periodText({ start: latest.effectiveStart, end: latest.effectiveEnd });
    // A screenshot older than its cadence is named as such (issue 23): the weekly digest says "stale screenshot".
    const what = ctx.sourceOf(latest) === 'screenshot' ? 'stale screenshot' : 'latest';
    yield makeReason(s, {
      code: 'stale-evidence',
      severity: 'gap',
      message:
        what === 'latest'
          ? `Upload a current ${artifactPhrase(r.artifact)} for ${r.code}: the latest (effective ${effective}) ` +
            `has been stale since ${staleOn}.${reviewHint(e, ctx)}`
          : `Upload a current ${artifactPhrase(r.artifact)} for ${r.code}: the latest is a stale screenshot ` +
            `(effective ${effective}, stale since ${staleOn}).${reviewHint(e, ctx)}`,
      requirementId: r.id,
      requirementCode: r.code,
      ...(latest.evidenceId === undefined ? {} : { evidenceId: latest.evidenceId }),
      dueOn: staleOn,
    });
  }
}

/** Gap (Type II): one reason per cadence period that ended before T without accepted evidence. */
export function* coverageGap(s: ControlSubject): Generator<Reason> {
  const { ctx } = s;
  if (!ctx.window) return;
  for (const e of s.requirements) {
    const r = e.requirement;
    // Periods are in date order: stop at the first one still running on T.
    for (let i = 0; i < e.periods.length; i++) {
      const period = e.periods[i] as DateRange;
      if (period.end >= ctx.at) break;
      if (isPeriodCovered(e, i, ctx.asOf, ctx.at)) continue;
      yield makeReason(s, {
        code: 'coverage-gap',
        severity: 'gap',
        message: `${uploadFor(e, period)} (${r.code}).`,
        requirementId: r.id,
        requirementCode: r.code,
        period,
        dueOn: ctx.planDue.forPeriod(r.id, period.start) ?? ctx.at,
      });
    }
  }
}

/** "Upload the quarterly access review record for 2026-07-01..2026-09-30", in words that fit the cadence. */
export function uploadFor(e: RequirementEvidence, period: DateRange): string {
  const r = e.requirement;
  const artifact = artifactPhrase(r.artifact);
  if (isPeriodic(r.cadence))
    return `Upload the ${r.cadence} ${artifactAfterCadence(r.cadence, r.artifact)} for ${periodText(period)}`;
  if (r.cadence === 'per-event') return `Upload a ${artifact} for an event in ${periodText(period)}`;
  return `Upload the ${artifact}`;
}

/** Point at evidence that is waiting for review or was sent back, so the fix is a click, not a hunt. */
function reviewHint(e: RequirementEvidence, ctx: ReadinessContext): string {
  const accepted = latestAccepted(e, ctx.asOf, ctx.at);
  const pending = latestSubmitted(e, ctx.asOf, ctx.at);
  if (pending && (!accepted || compareRecency(pending, accepted) > 0)) {
    return ` One collected on ${pending.collectedOn} is waiting for review.`;
  }
  const rejected = latestRejected(e, ctx.asOf, ctx.at);
  if (rejected && (!accepted || compareRecency(rejected, accepted) > 0)) {
    return ` The last one was rejected${rejected.rejectionReason ? `: ${endSentence(rejected.rejectionReason)}` : '.'}`;
  }
  return '';
}
