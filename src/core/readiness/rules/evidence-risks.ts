import { freshUntil } from '../../cadence.js';
import { addDays } from '../../dates.js';
import { compareRecency, isPeriodCovered, latestAccepted, latestSubmitted } from '../../evidence-index.js';
import { artifactPhrase, makeReason } from '../reason.js';
import type { Reason } from '../schema.js';
import { uploadFor } from './evidence-gaps.js';
import type { ControlSubject } from './subject.js';

/**
 * At risk: the latest accepted evidence goes stale within the look-ahead, or
 * before the requirement's next open plan due date (so there would be a gap
 * before the next scheduled collection). Due: its last fresh day.
 */
export function* staleSoon(s: ControlSubject): Generator<Reason> {
  const { ctx } = s;
  for (const e of s.requirements) {
    const latest = latestAccepted(e, ctx.asOf, ctx.at);
    if (!latest) continue;
    const r = e.requirement;
    const until = freshUntil(latest.effectiveEnd, r.cadence, ctx.graceRatio);
    if (until === null || until < ctx.at) continue;
    const nextDue = ctx.planDue.nextOpen(r.id, ctx.at);
    if (until >= ctx.atRiskUntil && (nextDue === null || until >= nextDue)) continue;
    yield makeReason(s, {
      code: 'stale-soon',
      severity: 'at-risk',
      message: `Upload a new ${artifactPhrase(r.artifact)} for ${r.code} by ${until}: the current one goes stale on ${addDays(until, 1)}.`,
      requirementId: r.id,
      requirementCode: r.code,
      ...(latest.evidenceId === undefined ? {} : { evidenceId: latest.evidenceId }),
      dueOn: until,
    });
  }
}

/** At risk: evidence was submitted that is newer than the latest accepted one and nobody reviewed it yet. */
export function* pendingReview(s: ControlSubject): Generator<Reason> {
  const { ctx } = s;
  for (const e of s.requirements) {
    const pending = latestSubmitted(e, ctx.asOf, ctx.at);
    const accepted = latestAccepted(e, ctx.asOf, ctx.at);
    if (!pending || (accepted && compareRecency(pending, accepted) <= 0)) continue;
    const r = e.requirement;
    yield makeReason(s, {
      code: 'pending-review',
      severity: 'at-risk',
      message: `Review the ${artifactPhrase(r.artifact)} for ${r.code} collected on ${pending.collectedOn}: accept it or send it back.`,
      requirementId: r.id,
      requirementCode: r.code,
      ...(pending.evidenceId === undefined ? {} : { evidenceId: pending.evidenceId }),
      dueOn: ctx.at,
    });
  }
}

/**
 * At risk (Type II): the cadence period containing T has no accepted evidence
 * yet and is due within the look-ahead: its plan due date (which the load
 * levelling may put before the period's end, docs/decisions/0019) or its end.
 */
export function* currentPeriodUncovered(s: ControlSubject): Generator<Reason> {
  const { ctx } = s;
  if (!ctx.window) return;
  for (const e of s.requirements) {
    const i = e.periods.findIndex((p) => p.start <= ctx.at && ctx.at <= p.end);
    const period = e.periods[i];
    if (!period) continue;
    const r = e.requirement;
    const planned = ctx.planDue.forPeriod(r.id, period.start);
    const due = planned !== null && planned < period.end ? planned : period.end;
    if (due > ctx.atRiskUntil || isPeriodCovered(e, i, ctx.asOf, ctx.at)) continue;
    yield makeReason(s, {
      code: 'current-period-uncovered',
      severity: 'at-risk',
      message: `${uploadFor(e, period)} (${r.code}) by ${due}.`,
      requirementId: r.id,
      requirementCode: r.code,
      period,
      dueOn: planned ?? period.end,
    });
  }
}
