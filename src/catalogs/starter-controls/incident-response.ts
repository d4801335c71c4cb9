import type { StarterControl } from '../types.js';

/** IR: incident response planning, handling, communication and testing. */
export const INCIDENT_RESPONSE_CONTROLS: readonly StarterControl[] = [
  {
    code: 'IR-01',
    title: 'Incident response plan',
    description:
      'The incident response plan defines what counts as a security or availability incident, severity levels, roles (incident commander, communications lead, scribe), escalation paths and the notification deadlines owed to customers and regulators. It is reviewed and approved every year and after any Sev1 incident.',
    ownerRole: 'Security lead',
    cadence: 'annual',
    sourceOfTruth: 'Google Drive',
    requirements: [
      {
        code: 'IR-01-E1',
        artifact:
          'Approved incident response plan with severity matrix, roles and contacts, approval date within 12 months',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC7.3', 'CC7.4'],
      'nist-csf': ['ID.IM-04', 'DE.AE-08', 'RS.MA-01', 'RS.MA-03', 'RS.MA-04'],
      iso27001: ['A.5.24', 'A.5.26'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'IR-02',
    title: 'Incident records, root cause and follow-up actions',
    description:
      'Every declared incident is recorded with severity, timeline, impact and containment steps. Sev1 and Sev2 incidents get a blameless post-mortem within 10 business days with the root cause and follow-up actions, each with an owner and due date tracked to completion.',
    ownerRole: 'SRE lead',
    cadence: 'monthly',
    sourceOfTruth: 'Jira',
    requirements: [
      {
        code: 'IR-02-E1',
        artifact:
          'Incident log export for the period with severity, detection, declaration and resolution times',
        cadence: 'monthly',
        sourceType: 'system-export',
        collection: 'import',
      },
      {
        code: 'IR-02-E2',
        artifact:
          'Post-mortem per Sev1/Sev2 incident with root cause and follow-up tickets showing owner, due date and status',
        cadence: 'per-event',
        sourceType: 'ticket-history',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC7.4', 'CC7.5'],
      'nist-csf': ['RS.MA-02', 'RS.AN-03', 'RS.AN-08', 'ID.IM-03'],
      iso27001: ['A.5.26', 'A.5.27'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'IR-03',
    title: 'Annual incident response tabletop exercise',
    description:
      'Once a year the incident response team runs a tabletop exercise on a realistic scenario (for example a leaked production credential or ransomware in a vendor). Gaps found in the plan or tooling become tracked actions and the plan is updated.',
    ownerRole: 'Security lead',
    cadence: 'annual',
    sourceOfTruth: 'Google Drive',
    requirements: [
      {
        code: 'IR-03-E1',
        artifact:
          'Tabletop exercise report with scenario, participants, timeline, observations and lessons learned',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
      {
        code: 'IR-03-E2',
        artifact: 'Follow-up tickets from the exercise with owner, due date and status',
        cadence: 'annual',
        sourceType: 'ticket-history',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC7.4', 'CC7.5', 'CC4.1'],
      'nist-csf': ['ID.IM-02', 'ID.IM-04'],
      iso27001: ['A.5.24', 'A.5.27'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'IR-04',
    title: 'Channel for staff to report security events',
    description:
      'Staff report suspected security events, lost devices and phishing through a dedicated Slack channel, a security mailbox or the report-phish button, all of which reach the on-call security engineer. Each report is acknowledged and triaged within one business day.',
    ownerRole: 'Security lead',
    cadence: 'quarterly',
    sourceOfTruth: 'Slack',
    requirements: [
      {
        code: 'IR-04-E1',
        artifact:
          'Intranet page describing how to report, and the log of reports received with triage outcome',
        cadence: 'quarterly',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC2.2', 'CC7.3'],
      'nist-csf': ['RS.MA-02', 'DE.AE-02'],
      iso27001: ['A.6.8', 'A.5.25'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'IR-05',
    title: 'Incident notification to customers and authorities',
    description:
      'When an incident affects customer data or service commitments, the communications lead notifies affected customers within the contractual deadline and regulators within the legal one, using pre-approved templates, and posts status updates during outages. Each notification decision is recorded in the incident.',
    ownerRole: 'Legal',
    cadence: 'annual',
    sourceOfTruth: 'Jira',
    requirements: [
      {
        code: 'IR-05-E1',
        artifact:
          'Approved customer and regulator notification templates and the notification decision record per incident',
        cadence: 'per-event',
        sourceType: 'document',
        collection: 'manual',
      },
      {
        code: 'IR-05-E2',
        artifact: 'Status page history of incident updates for the period',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC2.3', 'CC7.4'],
      'nist-csf': ['RS.CO-02', 'RS.CO-03', 'RC.CO-03', 'RC.CO-04'],
      iso27001: ['A.5.5', 'A.5.26'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'IR-06',
    title: 'Preservation of incident evidence',
    description:
      'For security incidents of Sev2 or higher, responders snapshot affected disks and export relevant logs to a restricted evidence bucket with object lock before remediation, and record each action with time and actor. Evidence handling follows the chain-of-custody procedure in the plan.',
    ownerRole: 'Security lead',
    cadence: 'per-event',
    sourceOfTruth: 'AWS S3',
    requirements: [
      {
        code: 'IR-06-E1',
        artifact:
          'Chain-of-custody log per security incident listing evidence items, hashes, collection time and handler',
        cadence: 'per-event',
        sourceType: 'immutable-log',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC7.4'],
      'nist-csf': ['RS.AN-06', 'RS.AN-07'],
      iso27001: ['A.5.28'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'IR-07',
    title: 'Containment and recovery runbooks',
    description:
      'Runbooks exist for the most likely incidents: compromised credential or NHI, leaked secret, compromised laptop, data exposure, region outage and database corruption. Each states containment, eradication and recovery steps, the criteria for declaring recovery complete, and is reviewed every year.',
    ownerRole: 'SRE lead',
    cadence: 'annual',
    sourceOfTruth: 'Google Drive',
    requirements: [
      {
        code: 'IR-07-E1',
        artifact: 'Runbook set with last-reviewed date per runbook within 12 months',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC7.4', 'CC7.5'],
      'nist-csf': [
        'RS.MI-01',
        'RS.MI-02',
        'RS.MA-05',
        'RC.RP-01',
        'RC.RP-02',
        'RC.RP-04',
        'RC.RP-05',
        'RC.RP-06',
      ],
      iso27001: ['A.5.26', 'A.5.29'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
];
