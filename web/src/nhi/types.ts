import type { CisRef } from '@server/core/nhi/benchmarks';
import type { NhiEventView, NhiFindingView, NhiImportView, NhiRecord } from '@server/modules/nhi/nhi.schema';
import { scopeRequired } from '../../../src/core/imports/import-kind';
import { NHI_IMPORT_KIND_LIST } from '../../../src/core/nhi/import-kinds';
import type { Risk } from '../components/RiskBadge';

export type {
  NhiDetail,
  NhiImportCounts,
  NhiImportResult,
  NhiLeakView as NhiLeak,
  NhiRef,
} from '@server/modules/nhi/nhi.schema';
export type { CisRef };

/** A non-human identity as `GET /orgs/:org/nhi` lists it. */
export type Nhi = NhiRecord;
/** A finding of an NHI rule with its OWASP NHI Top 10, CIS and SOC 2 tags. */
export type NhiFinding = NhiFindingView;
/** One lifecycle event of an identity. */
export type NhiEvent = NhiEventView;
/** One import run of the history. */
export type NhiImportRun = NhiImportView;

/** The export kinds an import reads, with the command that produces each and what `scope` means (src/core's descriptors). */
export const IMPORT_KINDS: {
  value: string;
  label: string;
  command: string;
  scope?: { hint: string; required?: boolean };
}[] = NHI_IMPORT_KIND_LIST.map((k) => ({
  value: k.name,
  label: k.label,
  command: k.command,
  ...(k.scope.hint === undefined ? {} : { scope: { hint: k.scope.hint, required: scopeRequired(k) } }),
}));

/** The kinds of identity, as the inventory names them (the core's own list: src/core is pure, safe to bundle). */
export { NHI_KINDS } from '../../../src/core/nhi/types';

/** Where identities live. */
export const PROVIDERS = [
  { value: 'aws', label: 'AWS' },
  { value: 'gcp', label: 'Google Cloud' },
  { value: 'azure', label: 'Azure' },
  { value: 'kubernetes', label: 'Kubernetes' },
  { value: 'github', label: 'GitHub' },
  { value: 'okta', label: 'Okta' },
  { value: 'auditready', label: 'auditready API tokens' },
];

/** The NHI rules, in the order the server lists them, with a short label for filters. */
export const RULES = [
  { value: 'nhi-root-access-key', label: 'Root account access key' },
  { value: 'nhi-leaked-not-rotated', label: 'Leaked, not rotated' },
  { value: 'nhi-orphaned', label: 'No live owner' },
  { value: 'nhi-admin-privileges', label: 'Wildcard or admin privileges' },
  { value: 'nhi-static-ci-credential', label: 'Static keys used by CI' },
  { value: 'nhi-third-party-unreviewed', label: 'Third-party app not reviewed' },
  { value: 'nhi-human-use', label: 'Used by a person' },
  { value: 'nhi-multi-environment', label: 'Shared across environments' },
  { value: 'nhi-rotation-overdue', label: 'Rotation overdue' },
  { value: 'nhi-long-lived-credential', label: 'No or too-late expiry' },
  { value: 'nhi-multiple-active-keys', label: 'Several active keys' },
  { value: 'nhi-unused', label: 'Unused' },
];

/** The filters of the inventory list. */
export interface NhiFilter {
  search: string;
  kind: string | null;
  provider: string | null;
  /** `active`, `disabled`, `deleted`; null: every status but deleted. */
  status: string | null;
  orphaned: boolean;
  rule: string | null;
}

/** The filters of the findings list. */
export interface NhiFindingFilter {
  rule: string | null;
  severity: Risk | null;
  /** Open, resolved or both. */
  state: 'open' | 'resolved' | 'all';
}
