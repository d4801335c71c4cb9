import type { StarterControl } from '../types.js';

/** HR: people security, from hiring to leaving. */
export const PEOPLE_SECURITY_CONTROLS: readonly StarterControl[] = [
  {
    code: 'HR-01',
    title: 'Background checks before start',
    description:
      'Every employee, and every contractor who will get access to production or customer data, passes a background check appropriate to the local law before their start date. People ops does not send the start-date request to IT until the check is marked clear in the HRIS.',
    ownerRole: 'People ops',
    cadence: 'per-event',
    sourceOfTruth: 'HRIS',
    requirements: [
      {
        code: 'HR-01-E1',
        artifact:
          'Background-check provider export for every hire in the period, showing a completion date on or before the start date',
        cadence: 'per-event',
        sourceType: 'system-export',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC1.1', 'CC1.4'],
      'nist-csf': ['GV.RR-04', 'PR.AA-02'],
      iso27001: ['A.6.1'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'HR-02',
    title: 'Signed confidentiality terms and code of conduct at hire',
    description:
      'Every employee signs an employment agreement with confidentiality and security obligations and accepts the code of conduct before their first day; every contractor signs an NDA before getting any access. Signed copies are stored in the HRIS.',
    ownerRole: 'People ops',
    cadence: 'per-event',
    sourceOfTruth: 'HRIS',
    requirements: [
      {
        code: 'HR-02-E1',
        artifact:
          'Signed employment agreement or contractor NDA for each new worker in the period, dated before the start date',
        cadence: 'per-event',
        sourceType: 'document',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC1.1', 'CC1.5', 'C1.1'],
      'nist-csf': ['GV.RR-04', 'GV.PO-01'],
      iso27001: ['A.6.2', 'A.6.6'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'HR-03',
    title: 'Security awareness training at hire and every year',
    description:
      'All workers complete security awareness training (phishing, passwords and MFA, data handling, reporting incidents) within 30 days of starting and every year afterwards; a phishing simulation runs every quarter and repeat clickers get follow-up training. Completion below 100% after 30 days is escalated to the manager.',
    ownerRole: 'Security lead',
    cadence: 'annual',
    sourceOfTruth: 'Learning management system',
    requirements: [
      {
        code: 'HR-03-E1',
        artifact:
          'Training platform export listing every active worker with course name and completion date within the last 12 months',
        cadence: 'annual',
        sourceType: 'system-export',
        collection: 'import',
      },
      {
        code: 'HR-03-E2',
        artifact:
          'Phishing simulation report per campaign with click and report rates and the follow-up list',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC1.4', 'CC2.2'],
      'nist-csf': ['PR.AT-01'],
      iso27001: ['A.6.3'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'HR-04',
    title: 'Secure development training for engineers',
    description:
      'Engineers with commit access to production repositories complete secure coding training every year covering the OWASP Top 10, secrets handling and the company’s review and release rules. New engineers complete it before their first production merge.',
    ownerRole: 'Engineering manager',
    cadence: 'annual',
    sourceOfTruth: 'Learning management system',
    requirements: [
      {
        code: 'HR-04-E1',
        artifact:
          'Completion export for the secure coding course, reconciled against the GitHub members of production repositories',
        cadence: 'annual',
        sourceType: 'system-export',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC1.4', 'CC8.1'],
      'nist-csf': ['PR.AT-02', 'PR.PS-06'],
      iso27001: ['A.6.3', 'A.8.28'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'HR-05',
    title: 'Security responsibilities in job descriptions and performance reviews',
    description:
      'Job descriptions for roles with privileged access state their security responsibilities, and the twice-yearly performance review includes adherence to security policies. Managers record completed reviews in the HRIS.',
    ownerRole: 'People ops',
    cadence: 'semiannual',
    sourceOfTruth: 'HRIS',
    requirements: [
      {
        code: 'HR-05-E1',
        artifact:
          'Job descriptions for engineering, IT and security roles containing a security responsibilities section',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
      {
        code: 'HR-05-E2',
        artifact: 'HRIS export showing completed performance reviews per employee for the cycle',
        cadence: 'semiannual',
        sourceType: 'system-export',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC1.3', 'CC1.4', 'CC1.5'],
      'nist-csf': ['GV.RR-02', 'GV.RR-04'],
      iso27001: ['A.5.2', 'A.6.2'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'HR-06',
    title: 'Disciplinary process for policy violations',
    description:
      'A documented disciplinary process covers breaches of security policy and the code of conduct, from warning to termination. Each case is handled by people ops with the manager and recorded in the HRIS.',
    ownerRole: 'People ops',
    cadence: 'annual',
    sourceOfTruth: 'HRIS',
    requirements: [
      {
        code: 'HR-06-E1',
        artifact: 'Approved disciplinary policy referencing security violations, reviewed within 12 months',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
      {
        code: 'HR-06-E2',
        artifact:
          'Case log of security-related disciplinary actions in the period (names redacted) or a nil return',
        cadence: 'annual',
        sourceType: 'attestation',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC1.1', 'CC1.5'],
      'nist-csf': ['GV.RR-04', 'GV.PO-01'],
      iso27001: ['A.6.4'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'HR-07',
    title: 'Exit checklist: equipment return and continuing duties',
    description:
      'When someone leaves, people ops runs an exit checklist: laptop and other equipment returned or remotely wiped, badge collected, and a written reminder of the confidentiality obligations that survive departure. The checklist ticket is closed within 10 business days of the last day.',
    ownerRole: 'People ops',
    cadence: 'per-event',
    sourceOfTruth: 'Jira',
    requirements: [
      {
        code: 'HR-07-E1',
        artifact:
          'Exit checklist ticket per leaver showing equipment return or wipe, badge return and confidentiality reminder, closed within 10 business days',
        cadence: 'per-event',
        sourceType: 'ticket-history',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC6.3', 'CC6.5', 'C1.1'],
      'nist-csf': ['GV.RR-04', 'ID.AM-08'],
      iso27001: ['A.5.11', 'A.6.5'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
];
