import type { StarterControl } from '../types.js';

/** OPS: operations, logging and monitoring, vulnerability management, endpoint and network security. */
export const OPERATIONS_CONTROLS: readonly StarterControl[] = [
  {
    code: 'OPS-01',
    title: 'Centralised, tamper-resistant audit logging',
    description:
      'Cloud audit logs (an organisation-wide CloudTrail trail or GCP audit logs), identity-provider system logs, GitHub audit logs and application security events are shipped to a central log store with time synchronised to NTP. Logs are retained for at least 12 months in write-once storage that engineers cannot delete.',
    ownerRole: 'SRE lead',
    cadence: 'quarterly',
    sourceOfTruth: 'AWS CloudTrail',
    requirements: [
      {
        code: 'OPS-01-E1',
        artifact:
          'Log source list with ingestion status, and the trail or sink configuration showing all regions and accounts covered',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'import',
      },
      {
        code: 'OPS-01-E2',
        artifact:
          'Log bucket retention and object-lock settings showing at least 12 months of write-once retention',
        cadence: 'annual',
        sourceType: 'system-export',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC7.2', 'CC2.1'],
      'nist-csf': ['PR.PS-04', 'RS.AN-07'],
      iso27001: ['A.8.15', 'A.8.17'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'OPS-02',
    title: 'Security alerting and triage',
    description:
      'Threat detection (GuardDuty or Security Command Center) and log alert rules cover defined security events: root or break-glass login, IAM policy changes, MFA disabled, logging disabled, public exposure of storage, and impossible-travel sign-ins. Alerts page the on-call engineer, who triages high-severity alerts within 1 hour and records the outcome.',
    ownerRole: 'Security lead',
    cadence: 'monthly',
    sourceOfTruth: 'PagerDuty',
    requirements: [
      {
        code: 'OPS-02-E1',
        artifact: 'Alert rule catalogue with each rule’s trigger, severity and routing',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
      {
        code: 'OPS-02-E2',
        artifact:
          'Security alert history for the period with acknowledgement time and triage outcome per alert',
        cadence: 'monthly',
        sourceType: 'system-export',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC7.2', 'CC7.3'],
      'nist-csf': ['DE.CM-01', 'DE.CM-03', 'DE.CM-09', 'DE.AE-02', 'DE.AE-03', 'DE.AE-06'],
      iso27001: ['A.8.16', 'A.5.25'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'OPS-03',
    title: 'Service monitoring and on-call rotation',
    description:
      'Production services have health checks, error-rate and latency alerts wired to a 24/7 on-call rotation in PagerDuty, with a secondary escalation after 15 minutes. The on-call schedule has no gaps and the alert set is reviewed each quarter for noise and coverage.',
    ownerRole: 'SRE lead',
    cadence: 'quarterly',
    sourceOfTruth: 'PagerDuty',
    requirements: [
      {
        code: 'OPS-03-E1',
        artifact: 'On-call schedule and escalation policy export for the quarter showing continuous coverage',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'import',
      },
      {
        code: 'OPS-03-E2',
        artifact: 'Quarterly alert review notes listing alerts added, tuned or removed',
        cadence: 'quarterly',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC7.2', 'A1.1'],
      'nist-csf': ['DE.CM-09', 'DE.AE-06'],
      iso27001: ['A.8.16'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'OPS-04',
    title: 'Continuous vulnerability scanning',
    description:
      'Container images, cloud hosts and application dependencies are scanned for known vulnerabilities on every build and at least daily in production, and the internet-facing perimeter is scanned every month. Findings flow into a single queue with severity and asset owner.',
    ownerRole: 'Security lead',
    cadence: 'monthly',
    sourceOfTruth: 'Vulnerability scanner',
    requirements: [
      {
        code: 'OPS-04-E1',
        artifact:
          'Scanner coverage report listing scanned images, hosts and repositories against the system inventory',
        cadence: 'monthly',
        sourceType: 'system-export',
        collection: 'import',
      },
      {
        code: 'OPS-04-E2',
        artifact: 'Monthly external perimeter scan report with findings by severity',
        cadence: 'monthly',
        sourceType: 'system-export',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC7.1'],
      'nist-csf': ['ID.RA-01', 'DE.CM-09'],
      iso27001: ['A.8.8'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'OPS-05',
    title: 'Patching and vulnerability remediation within SLA',
    description:
      'Vulnerabilities are fixed within SLA from detection: critical 7 days, high 30 days, medium 90 days; known-exploited vulnerabilities are treated as critical. Anything past SLA needs an approved exception with compensating controls, otherwise it is a finding.',
    ownerRole: 'Security lead',
    cadence: 'monthly',
    sourceOfTruth: 'Jira',
    requirements: [
      {
        code: 'OPS-05-E1',
        artifact:
          'Monthly vulnerability SLA report listing open and closed findings with detection date, due date and fix date',
        cadence: 'monthly',
        sourceType: 'system-export',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC7.1'],
      'nist-csf': ['ID.RA-06', 'PR.PS-02'],
      iso27001: ['A.8.8'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'OPS-06',
    title: 'Annual independent penetration test',
    description:
      'An independent firm tests the production application, APIs and cloud perimeter every year and after major architecture changes. Findings are ticketed with the remediation SLA and critical and high findings are retested by the firm.',
    ownerRole: 'Security lead',
    cadence: 'annual',
    sourceOfTruth: 'Google Drive',
    requirements: [
      {
        code: 'OPS-06-E1',
        artifact: 'Penetration test report with scope, test dates, tester firm and findings by severity',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
      {
        code: 'OPS-06-E2',
        artifact: 'Remediation tickets for each finding and the retest letter for critical and high findings',
        cadence: 'annual',
        sourceType: 'ticket-history',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC4.1', 'CC7.1'],
      'nist-csf': ['ID.RA-01', 'ID.IM-02'],
      iso27001: ['A.8.8', 'A.8.29', 'A.5.35'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'OPS-07',
    title: 'Managed and protected endpoints',
    description:
      'Company laptops are enrolled in MDM with full-disk encryption, screen lock after 10 minutes, automatic OS updates, firewall and endpoint detection and response. Devices out of compliance for more than 7 days lose SSO access until fixed.',
    ownerRole: 'IT admin',
    cadence: 'monthly',
    sourceOfTruth: 'MDM',
    requirements: [
      {
        code: 'OPS-07-E1',
        artifact:
          'MDM export of all devices with owner, encryption, OS version, screen-lock and EDR status, reconciled to the HRIS roster',
        cadence: 'monthly',
        sourceType: 'system-export',
        collection: 'import',
      },
      {
        code: 'OPS-07-E2',
        artifact: 'Identity-provider device-trust policy blocking non-compliant devices',
        cadence: 'annual',
        sourceType: 'screenshot',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC6.8', 'CC6.1', 'CC6.7'],
      'nist-csf': ['ID.AM-01', 'PR.PS-02', 'PR.DS-01', 'DE.CM-09'],
      iso27001: ['A.8.1', 'A.8.7', 'A.6.7', 'A.7.9'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'OPS-08',
    title: 'Hardened images and cloud posture monitoring',
    description:
      'Production workloads run from minimal, regularly rebuilt base images with no interactive shell access, and cloud posture checks (CIS benchmark rules in Security Hub or Security Command Center) run continuously. High-severity posture findings are reviewed weekly and fixed or excepted.',
    ownerRole: 'SRE lead',
    cadence: 'weekly',
    sourceOfTruth: 'AWS Security Hub',
    requirements: [
      {
        code: 'OPS-08-E1',
        artifact: 'Weekly posture findings export with severity, resource and status',
        cadence: 'weekly',
        sourceType: 'system-export',
        collection: 'import',
      },
      {
        code: 'OPS-08-E2',
        artifact: 'Base image build definition and last rebuild date for each production image',
        cadence: 'monthly',
        sourceType: 'system-export',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC7.1', 'CC6.8'],
      'nist-csf': ['PR.PS-01', 'ID.RA-01'],
      iso27001: ['A.8.9', 'A.5.23', 'A.8.7'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'OPS-09',
    title: 'Network boundary protection',
    description:
      'Public traffic reaches production only through load balancers behind a web application firewall with DDoS protection; databases and internal services have no public endpoints, and administrative access uses identity-aware session tooling rather than open SSH. Security group and firewall rules allowing 0.0.0.0/0 are reviewed quarterly.',
    ownerRole: 'SRE lead',
    cadence: 'quarterly',
    sourceOfTruth: 'AWS VPC',
    requirements: [
      {
        code: 'OPS-09-E1',
        artifact:
          'Export of security groups and firewall rules open to the internet, with justification per rule from the quarterly review',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'import',
      },
      {
        code: 'OPS-09-E2',
        artifact: 'WAF configuration and network diagram showing public entry points and private subnets',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC6.6', 'CC6.1'],
      'nist-csf': ['PR.IR-01', 'DE.CM-01', 'ID.AM-03'],
      iso27001: ['A.8.20', 'A.8.21', 'A.8.22'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'OPS-10',
    title: 'Vulnerability disclosure channel',
    description:
      'A published security.txt and disclosure page tell researchers how to report vulnerabilities. Reports are acknowledged within 3 business days, triaged into the vulnerability queue and the reporter is told the outcome.',
    ownerRole: 'Security lead',
    cadence: 'annual',
    sourceOfTruth: 'Jira',
    requirements: [
      {
        code: 'OPS-10-E1',
        artifact: 'Published security.txt and disclosure policy page, captured with date',
        cadence: 'annual',
        sourceType: 'screenshot',
        collection: 'manual',
      },
      {
        code: 'OPS-10-E2',
        artifact: 'Tickets for external reports in the period with acknowledgement date and resolution',
        cadence: 'per-event',
        sourceType: 'ticket-history',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC2.3', 'CC7.1'],
      'nist-csf': ['ID.RA-08'],
      iso27001: ['A.8.8'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'OPS-11',
    title: 'Threat intelligence intake',
    description:
      'The security lead follows cloud provider security bulletins, the CISA Known Exploited Vulnerabilities catalogue and advisories for the main software dependencies, and reviews new items each week for relevance. Relevant items become vulnerability tickets or risk register entries.',
    ownerRole: 'Security lead',
    cadence: 'weekly',
    sourceOfTruth: 'Jira',
    requirements: [
      {
        code: 'OPS-11-E1',
        artifact: 'Weekly threat-intel log listing items reviewed, relevance decision and linked tickets',
        cadence: 'weekly',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC3.2', 'CC7.1'],
      'nist-csf': ['ID.RA-02', 'DE.AE-07'],
      iso27001: ['A.5.7', 'A.5.6'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
];
