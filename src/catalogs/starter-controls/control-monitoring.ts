import type { StarterControl } from '../types.js';

/** EX: exceptions, deficiencies and the monitoring of the controls themselves. */
export const CONTROL_MONITORING_CONTROLS: readonly StarterControl[] = [
  {
    code: 'EX-01',
    title: 'Approved, time-bound exceptions',
    description:
      'Any deviation from a policy or control is recorded as an exception stating what is not met, why, the compensating control, a risk rating, the approver (security lead, or CEO for high risk) and an expiry no more than 12 months out. Expired exceptions become findings and are not renewed without a fresh approval.',
    ownerRole: 'Compliance lead',
    cadence: 'quarterly',
    sourceOfTruth: 'auditready',
    requirements: [
      {
        code: 'EX-01-E1',
        artifact:
          'Exception register export with control, gap, compensating control, risk rating, approver, approval date and expiry',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC3.2', 'CC5.1', 'CC4.2'],
      'nist-csf': ['ID.RA-06', 'ID.RA-07', 'GV.RM-04'],
      iso27001: ['A.5.36'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'EX-02',
    title: 'Continuous control monitoring and weekly owner digest',
    description:
      'Readiness and automated checks (stale evidence, overdue reviews, unrotated keys, unapproved releases, departed owners) run every week, and each control owner receives a digest of what is due, overdue or failing. The compliance lead reviews the weekly summary and chases items overdue by more than two weeks.',
    ownerRole: 'Compliance lead',
    cadence: 'weekly',
    sourceOfTruth: 'auditready',
    requirements: [
      {
        code: 'EX-02-E1',
        artifact:
          'Weekly readiness run log and the compliance lead summary with change since the previous week',
        cadence: 'weekly',
        sourceType: 'immutable-log',
        collection: 'connector',
      },
    ],
    mappings: {
      soc2: ['CC4.1', 'CC4.2'],
      'nist-csf': ['GV.OV-03', 'ID.IM-01'],
      iso27001: ['A.5.36'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'EX-03',
    title: 'Tracking and escalation of control deficiencies',
    description:
      'Deficiencies from monitoring, internal reviews, penetration tests and auditors are logged as findings with severity, owner and due date (critical 14 days, high 30, medium 90). Overdue high and critical findings are reported to the quarterly security committee.',
    ownerRole: 'Compliance lead',
    cadence: 'monthly',
    sourceOfTruth: 'auditready',
    requirements: [
      {
        code: 'EX-03-E1',
        artifact:
          'Findings register export with severity, source, owner, due date, first seen and resolved dates',
        cadence: 'monthly',
        sourceType: 'system-export',
        collection: 'manual',
      },
      {
        code: 'EX-03-E2',
        artifact: 'Security committee minutes showing overdue high and critical findings reported',
        cadence: 'quarterly',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC4.2'],
      'nist-csf': ['ID.IM-01', 'ID.RA-06'],
      iso27001: ['A.5.36', 'A.5.35'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'EX-04',
    title: 'Independent readiness assessment',
    description:
      'Before each audit period someone independent of the control owners (an external assessor or a colleague outside security and engineering) tests a sample of controls against their evidence and reports gaps. Gaps become findings with owners and due dates.',
    ownerRole: 'Compliance lead',
    cadence: 'annual',
    sourceOfTruth: 'Google Drive',
    requirements: [
      {
        code: 'EX-04-E1',
        artifact: 'Readiness assessment report with assessor, scope, sample, results and resulting findings',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC4.1'],
      'nist-csf': ['GV.OV-03', 'ID.IM-01'],
      iso27001: ['A.5.35'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'EX-05',
    title: 'Control ownership and annual design review',
    description:
      'Every control has an owner and a backup owner who are active employees; a departed owner is reassigned within 5 business days. Each year owners confirm that their control still addresses its risks and criteria, and the compliance lead updates the control matrix and crosswalk.',
    ownerRole: 'Compliance lead',
    cadence: 'annual',
    sourceOfTruth: 'auditready',
    requirements: [
      {
        code: 'EX-05-E1',
        artifact:
          'Control matrix export with owner, backup owner, cadence and mapped criteria for every control',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'manual',
      },
      {
        code: 'EX-05-E2',
        artifact: 'Owner attestations from the annual control design review, with changes made',
        cadence: 'annual',
        sourceType: 'attestation',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC1.5', 'CC5.1', 'CC5.2'],
      'nist-csf': ['GV.RR-02', 'GV.OV-02'],
      iso27001: ['A.5.2', 'A.5.36'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'EX-06',
    title: 'Tamper-evident evidence and activity records',
    description:
      'Audit evidence is stored content-addressed by SHA-256 and never overwritten, and every change to controls, evidence, exceptions and reviews is written to an append-only, hash-chained activity log. The chain and evidence hashes are verified every month and before evidence packages go to the auditor.',
    ownerRole: 'Compliance lead',
    cadence: 'monthly',
    sourceOfTruth: 'auditready',
    requirements: [
      {
        code: 'EX-06-E1',
        artifact: 'Output of the monthly chain and evidence-hash verification with the signed chain head',
        cadence: 'monthly',
        sourceType: 'immutable-log',
        collection: 'connector',
      },
    ],
    mappings: {
      soc2: ['CC2.1', 'CC4.1'],
      'nist-csf': ['PR.DS-01', 'PR.PS-04'],
      iso27001: ['A.5.33'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
];
