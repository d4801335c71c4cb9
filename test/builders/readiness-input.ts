/**
 * Small builders for readiness tests: sensible defaults (one implemented,
 * owned control with one quarterly requirement and fresh accepted evidence on
 * T = 2026-08-15), overridden field by field.
 */
import { addDays } from '../../src/core/dates.js';
import type {
  ControlReadiness,
  ReadinessControl,
  ReadinessException,
  ReadinessFinding,
  ReadinessFramework,
  ReadinessInput,
  ReadinessPerson,
  ReadinessResult,
} from '../../src/core/readiness/types.js';
import type { Engagement, EvidenceFact, RequirementRecord } from '../../src/core/records.js';

/** The default date T of the builders. */
export const T = '2026-08-15';

/** A person of the roster (default: active Ada Owner, id p1). */
export function buildPerson(overrides: Partial<ReadinessPerson> = {}): ReadinessPerson {
  return {
    id: 'p1',
    name: 'Ada Owner',
    email: 'ada@example.com',
    status: 'active',
    departedOn: null,
    ...overrides,
  };
}

/** A control (default: implemented AC-03 owned by p1, mapped to SOC 2 CC6.2). */
export function buildControl(overrides: Partial<ReadinessControl> = {}): ReadinessControl {
  return {
    id: 'c1',
    code: 'AC-03',
    title: 'Quarterly access review',
    status: 'implemented',
    naJustification: null,
    ownerId: 'p1',
    backupOwnerId: null,
    mappings: [{ frameworkId: 'soc2', criterionCode: 'CC6.2' }],
    ...overrides,
  };
}

/** An evidence requirement (default: quarterly access review record of c1). */
export function buildRequirement(overrides: Partial<RequirementRecord> = {}): RequirementRecord {
  return {
    id: 'r1',
    controlId: 'c1',
    code: 'AC-03-E1',
    artifact: 'Access review record',
    cadence: 'quarterly',
    ...overrides,
  };
}

/** An accepted evidence fact for r1, effective and collected 10 days before T unless told otherwise. */
export function buildEvidence(overrides: Partial<EvidenceFact> = {}): EvidenceFact {
  const day = addDays(T, -10);
  return {
    requirementId: 'r1',
    evidenceId: 'ev1',
    reviewState: 'accepted',
    effectiveStart: day,
    effectiveEnd: day,
    collectedOn: day,
    ...overrides,
  };
}

/** An exception on c1 (default: approved by p9 a month before T, expiring two months after, medium risk). */
export function buildException(overrides: Partial<ReadinessException> = {}): ReadinessException {
  return {
    id: 'x1',
    controlId: 'c1',
    summary: 'Access review tool being replaced',
    approverId: 'p9',
    approvedOn: addDays(T, -30),
    expiresOn: addDays(T, 60),
    closedOn: null,
    riskRating: 'medium',
    ...overrides,
  };
}

/** An open finding on c1 (default: high, opened a week before T, due in 30 days). */
export function buildFinding(overrides: Partial<ReadinessFinding> = {}): ReadinessFinding {
  return {
    id: 'f1',
    title: 'Key not rotated in 90 days',
    severity: 'high',
    controlIds: ['c1'],
    ownerId: 'p1',
    dueOn: addDays(T, 30),
    openedOn: addDays(T, -7),
    resolvedOn: null,
    ...overrides,
  };
}

/** A Type II engagement (default window 2026-01-01..2026-06-30, Security only). */
export function buildType2(overrides: Partial<Engagement> = {}): Engagement {
  return {
    id: 'eng2',
    type: 'type2',
    windowStart: '2026-01-01',
    windowEnd: '2026-06-30',
    fieldworkStart: '2026-07-15',
    categories: ['security'],
    ...overrides,
  };
}

/** A Type I engagement (default audit date 2026-10-01). */
export function buildType1(overrides: Partial<Engagement> = {}): Engagement {
  return {
    id: 'eng1',
    type: 'type1',
    auditDate: '2026-10-01',
    fieldworkStart: '2026-10-15',
    categories: ['security'],
    ...overrides,
  };
}

/** A small SOC 2 catalog: CC6 (two criteria), CC7, A1, C1 and privacy P1 under a P parent. */
export function buildSoc2(): ReadinessFramework {
  return {
    id: 'soc2',
    name: 'SOC 2',
    groups: [
      { code: 'CC6', title: 'Logical and physical access' },
      { code: 'CC7', title: 'System operations' },
      { code: 'A1', title: 'Availability' },
      { code: 'C1', title: 'Confidentiality' },
      { code: 'P', title: 'Privacy' },
      { code: 'P1', title: 'Notice', parent: 'P' },
    ],
    criteria: [
      { code: 'CC6.1', group: 'CC6', title: 'Logical access architecture' },
      { code: 'CC6.2', group: 'CC6', title: 'User registration and authorization' },
      { code: 'CC7.1', group: 'CC7', title: 'Configuration and vulnerability detection' },
      { code: 'A1.1', group: 'A1', title: 'Capacity' },
      { code: 'C1.1', group: 'C1', title: 'Identify and keep confidential information' },
      { code: 'P1.1', group: 'P1', title: 'Notice' },
    ],
  };
}

/** A readiness input: one ready control by default; any field can be replaced. */
export function buildInput(overrides: Partial<ReadinessInput> = {}): ReadinessInput {
  return {
    at: T,
    engagement: null,
    people: [buildPerson()],
    controls: [buildControl()],
    requirements: [buildRequirement()],
    evidence: [buildEvidence()],
    exceptions: [],
    findings: [],
    frameworks: [],
    ...overrides,
  };
}

/** The readiness of one control in a result (throws when absent, so tests fail clearly). */
export function controlOf(result: ReadinessResult, controlId = 'c1'): ControlReadiness {
  const found = result.controls.find((c) => c.controlId === controlId);
  if (!found) throw new Error(`control ${controlId} is not in the result`);
  return found;
}

/** The reason codes of one control, in result order. */
export function reasonCodes(result: ReadinessResult, controlId = 'c1'): string[] {
  return controlOf(result, controlId).reasons.map((r) => r.code);
}
