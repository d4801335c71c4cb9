import type { StarterControl } from '../types.js';

/** BC: backup, disaster recovery, capacity and availability. */
export const BUSINESS_CONTINUITY_CONTROLS: readonly StarterControl[] = [
  {
    code: 'BC-01',
    title: 'Business continuity and disaster recovery plan',
    description:
      'The BC/DR plan lists critical services and the suppliers they depend on, sets a recovery time objective and recovery point objective for each, and describes how to recover from loss of a cloud region, a key vendor or key staff. Leadership approves the plan every year.',
    ownerRole: 'SRE lead',
    cadence: 'annual',
    sourceOfTruth: 'Google Drive',
    requirements: [
      {
        code: 'BC-01-E1',
        artifact:
          'Approved BC/DR plan with RTO and RPO per critical service and an approval date within 12 months',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC9.1', 'A1.2'],
      'nist-csf': ['GV.OC-04', 'GV.OC-05', 'ID.IM-04', 'RC.RP-01'],
      iso27001: ['A.5.29', 'A.5.30'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'BC-02',
    title: 'Automated, encrypted and immutable backups',
    description:
      'Production databases have point-in-time recovery plus daily snapshots retained for 35 days, copied to a second region and a separate backup account with vault lock so that production credentials cannot delete them. Failed backup jobs alert the on-call SRE.',
    ownerRole: 'SRE lead',
    cadence: 'monthly',
    sourceOfTruth: 'AWS Backup',
    requirements: [
      {
        code: 'BC-02-E1',
        artifact:
          'Backup plan configuration showing schedule, retention, cross-region copy, encryption and vault lock',
        cadence: 'annual',
        sourceType: 'system-export',
        collection: 'import',
      },
      {
        code: 'BC-02-E2',
        artifact:
          'Monthly backup job report with success and failure per resource and the follow-up for failures',
        cadence: 'monthly',
        sourceType: 'system-export',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['A1.2', 'CC9.1'],
      'nist-csf': ['PR.DS-11'],
      iso27001: ['A.8.13'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'BC-03',
    title: 'Quarterly backup restore test',
    description:
      'Every quarter an engineer restores a production database backup into an isolated account, checks row counts and application-level integrity checks, and records the time taken against the RPO and RTO. A failed test is an incident-grade finding.',
    ownerRole: 'SRE lead',
    cadence: 'quarterly',
    sourceOfTruth: 'Jira',
    requirements: [
      {
        code: 'BC-03-E1',
        artifact:
          'Restore test ticket with backup identifier, restore duration, integrity check results and comparison with RTO/RPO',
        cadence: 'quarterly',
        sourceType: 'ticket-history',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['A1.3'],
      'nist-csf': ['PR.DS-11', 'RC.RP-03'],
      iso27001: ['A.8.13'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'BC-04',
    title: 'Annual disaster recovery test',
    description:
      'Once a year the SRE team exercises the DR plan by rebuilding the production stack in a secondary region from infrastructure code and backups, or by failing over to it. Results are compared with the RTO and RPO and the gaps are tracked to closure.',
    ownerRole: 'SRE lead',
    cadence: 'annual',
    sourceOfTruth: 'Google Drive',
    requirements: [
      {
        code: 'BC-04-E1',
        artifact:
          'DR test report with scenario, timeline, achieved recovery time and data loss versus objectives',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
      {
        code: 'BC-04-E2',
        artifact: 'Follow-up tickets from the DR test with owner and status',
        cadence: 'annual',
        sourceType: 'ticket-history',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['A1.3', 'CC7.5', 'CC9.1'],
      'nist-csf': ['ID.IM-02', 'PR.IR-03', 'RC.RP-05'],
      iso27001: ['A.5.30', 'A.8.14'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'BC-05',
    title: 'Capacity monitoring and quarterly capacity review',
    description:
      'Dashboards and alerts track compute, memory, database storage and connection usage, queue depth and third-party API quotas, with alerts at 80% of a limit. Each quarter the SRE lead reviews growth trends against limits and plans capacity and quota increases.',
    ownerRole: 'SRE lead',
    cadence: 'quarterly',
    sourceOfTruth: 'Datadog',
    requirements: [
      {
        code: 'BC-05-E1',
        artifact: 'Capacity alert definitions with thresholds per resource type',
        cadence: 'annual',
        sourceType: 'system-export',
        collection: 'import',
      },
      {
        code: 'BC-05-E2',
        artifact: 'Quarterly capacity review with usage trends, forecasts and the actions decided',
        cadence: 'quarterly',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['A1.1'],
      'nist-csf': ['PR.IR-04'],
      iso27001: ['A.8.6'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'BC-06',
    title: 'Redundant production infrastructure',
    description:
      'Production services and databases run across at least two availability zones with automatic failover, behind load balancers with health checks, and auto-scaling groups replace failed instances. Single points of failure found in reviews are recorded as risks.',
    ownerRole: 'SRE lead',
    cadence: 'annual',
    sourceOfTruth: 'AWS',
    requirements: [
      {
        code: 'BC-06-E1',
        artifact:
          'Infrastructure export showing multi-AZ configuration of databases, load balancers and compute groups',
        cadence: 'annual',
        sourceType: 'system-export',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['A1.2'],
      'nist-csf': ['PR.IR-03'],
      iso27001: ['A.8.14'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'BC-07',
    title: 'Environmental protection inherited from the cloud provider',
    description:
      'Power, cooling, fire suppression and other environmental protection for production are provided by the cloud provider. Each year the SRE lead reads the provider’s SOC 2 report, confirms these controls are covered without exceptions that matter, and records the complementary user entity controls the company operates.',
    ownerRole: 'SRE lead',
    cadence: 'annual',
    sourceOfTruth: 'auditready',
    requirements: [
      {
        code: 'BC-07-E1',
        artifact:
          'Cloud provider SOC 2 review memo citing the environmental controls relied on, report period and the complementary user entity controls mapped',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['A1.2', 'CC6.4'],
      'nist-csf': ['PR.IR-02'],
      iso27001: ['A.7.5', 'A.7.11'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'BC-08',
    title: 'Availability measured against customer commitments',
    description:
      'Monthly uptime for each customer-facing service is measured by external probes and compared with the SLA, and breaches are reported to leadership with their cause. The public status page shows current and past availability.',
    ownerRole: 'SRE lead',
    cadence: 'monthly',
    sourceOfTruth: 'Status page',
    requirements: [
      {
        code: 'BC-08-E1',
        artifact: 'Monthly availability report per service versus SLA, with explanation of any breach',
        cadence: 'monthly',
        sourceType: 'system-export',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['A1.1', 'CC2.3'],
      'nist-csf': ['GV.OC-04', 'DE.CM-09'],
      iso27001: ['A.5.30', 'A.8.16'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
];
