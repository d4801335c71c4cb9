/**
 * The words of the NHI rules: what a rule reads (one context, T included) and
 * what it returns (findings tagged with OWASP NHI Top 10, CIS and SOC 2).
 */
import type { IsoDate } from '../../dates.js';
import type { CisRef } from '../benchmarks.js';
import type { LeakLink } from '../linking.js';
import type { JsonValue } from '../order.js';
import type { StoredNhiLike } from '../stored.js';
import type { NhiThresholds } from '../thresholds.js';
import type { NhiKind, NhiProvider } from '../types.js';

/** How an identity's owner resolves against the people roster. */
export const NHI_OWNER_STATUSES = ['active', 'departed', 'unknown', 'none'] as const;
/** `unknown`: an owner is named but is no person of the roster; `none`: nobody is named. */
export type NhiOwnerStatus = (typeof NHI_OWNER_STATUSES)[number];

/** An identity's owner as resolved by the caller against the roster. */
export interface NhiOwner {
  status: NhiOwnerStatus;
  personId?: string | null;
  /** The person's e-mail, or the unresolved hint when unknown. */
  email?: string | null;
  departedOn?: IsoDate | null;
}

/** An identity as the rules see it: stored facts, its resolved owner, and its own policy. */
export interface NhiRuleIdentity extends StoredNhiLike {
  owner: NhiOwner;
  /** This identity's rotation policy in days; overrides `thresholds.rotationDays`. */
  rotationPolicyDays?: number | null;
  /** ISO time of the latest `reviewed` lifecycle event, raised by a person. */
  lastReviewedAt?: string | null;
}

/** Everything the rules read. Nothing else: no clock, no database. */
export interface NhiRuleContext {
  /** The date T the rules judge at. */
  at: IsoDate;
  identities: NhiRuleIdentity[];
  /** Scanner findings with the identity each leaks (from `linkLeaks`). */
  leaks: LeakLink<NhiRuleIdentity>[];
  thresholds: NhiThresholds;
}

/** Finding severities, lowest first. */
export const NHI_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
/** A finding's severity; readiness turns open high and critical findings into gaps (SPEC §4). */
export type NhiSeverity = (typeof NHI_SEVERITIES)[number];

/** An OWASP Non-Human Identities Top 10 (2025) id. */
export type OwaspNhiId = `NHI${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10}:2025`;

/** One problem detected by one rule on one identity. */
export interface NhiFinding {
  /** Stable rule id (`nhi-orphaned`): findings of one rule on one identity are the same finding over time. */
  rule: string;
  title: string;
  severity: NhiSeverity;
  nhiExternalId: string;
  nhiKind: NhiKind;
  provider: NhiProvider;
  /** What to do, in plain words. */
  message: string;
  owasp: OwaspNhiId[];
  /** Benchmark controls, empty when none applies. */
  cis: CisRef[];
  /** SOC 2 criteria ids (`CC6.1`). */
  soc2: string[];
  /** The facts that triggered the finding. */
  evidence: { [key: string]: JsonValue };
}

/** A rule: a pure function of the context. */
export type NhiRule = (ctx: NhiRuleContext) => NhiFinding[];
