import type { StarterControl } from '../types.js';

/** DP: data protection, confidentiality, encryption, retention and disposal. */
export const DATA_PROTECTION_CONTROLS: readonly StarterControl[] = [
  {
    code: 'DP-01',
    title: 'Data classification scheme and handling rules',
    description:
      'Data is classified as Public, Internal, Confidential or Restricted, with handling rules for each level covering storage, sharing, transfer and disposal; customer data is Restricted. The scheme is approved each year and taught in security awareness training.',
    ownerRole: 'Security lead',
    cadence: 'annual',
    sourceOfTruth: 'Google Drive',
    requirements: [
      {
        code: 'DP-01-E1',
        artifact: 'Approved data classification and handling policy with approval date within 12 months',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['C1.1', 'CC2.2'],
      'nist-csf': ['ID.AM-05'],
      iso27001: ['A.5.12', 'A.5.13'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'DP-02',
    title: 'Inventory of confidential data stores and data flows',
    description:
      'Every data store holding Confidential or Restricted data (databases, buckets, analytics warehouse, SaaS tools) is listed with its classification, owner, region and retention, and a data-flow diagram shows how customer data moves between them and to subprocessors. Both are updated when a new store or flow is added and reviewed every year.',
    ownerRole: 'Security lead',
    cadence: 'annual',
    sourceOfTruth: 'auditready',
    requirements: [
      {
        code: 'DP-02-E1',
        artifact: 'Data store inventory export with classification, owner, region and retention per store',
        cadence: 'annual',
        sourceType: 'system-export',
        collection: 'manual',
      },
      {
        code: 'DP-02-E2',
        artifact: 'Current customer data-flow diagram with review date',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['C1.1', 'CC2.1'],
      'nist-csf': ['ID.AM-07', 'ID.AM-03'],
      iso27001: ['A.5.9', 'A.5.12'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'DP-03',
    title: 'Encryption at rest',
    description:
      'Databases, object storage, volumes, snapshots and backups holding company or customer data are encrypted at rest with KMS-managed AES-256 keys. An organisation policy or config rule rejects unencrypted resources and the posture check reports any exception.',
    ownerRole: 'SRE lead',
    cadence: 'quarterly',
    sourceOfTruth: 'AWS Config',
    requirements: [
      {
        code: 'DP-03-E1',
        artifact:
          'Config-rule compliance export for encryption at rest across databases, buckets, volumes and snapshots',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC6.1', 'C1.1'],
      'nist-csf': ['PR.DS-01'],
      iso27001: ['A.8.24'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'DP-04',
    title: 'Encryption in transit and certificate management',
    description:
      'Public endpoints accept only TLS 1.2 or later with HSTS, internal service traffic and database connections use TLS, and plaintext listeners are disabled. Certificates are issued and renewed automatically, and an alert fires 30 days before any certificate expires.',
    ownerRole: 'SRE lead',
    cadence: 'quarterly',
    sourceOfTruth: 'AWS Certificate Manager',
    requirements: [
      {
        code: 'DP-04-E1',
        artifact:
          'External TLS scan of every public hostname showing protocol versions and certificate expiry',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'import',
      },
      {
        code: 'DP-04-E2',
        artifact: 'Load balancer TLS policies and database "require TLS" parameters',
        cadence: 'annual',
        sourceType: 'system-export',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC6.7', 'CC6.1'],
      'nist-csf': ['PR.DS-02'],
      iso27001: ['A.8.24', 'A.5.14'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'DP-05',
    title: 'Key management',
    description:
      'Encryption keys are customer-managed KMS keys with automatic yearly rotation, and key policies separate the administrators who manage keys from the workloads that use them. Scheduling a key for deletion requires two people and alerts the security lead.',
    ownerRole: 'Security lead',
    cadence: 'annual',
    sourceOfTruth: 'AWS KMS',
    requirements: [
      {
        code: 'DP-05-E1',
        artifact:
          'KMS key list with rotation status and key policies showing separated admin and usage principals',
        cadence: 'annual',
        sourceType: 'system-export',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC6.1'],
      'nist-csf': ['PR.DS-01', 'PR.AA-05'],
      iso27001: ['A.8.24'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'DP-06',
    title: 'Data retention schedule',
    description:
      'A retention schedule sets how long each data type (customer content, logs, backups, support tickets, HR records) is kept, and storage lifecycle rules or scheduled jobs enforce it. Data owners confirm every year that the rules still match the schedule.',
    ownerRole: 'Legal',
    cadence: 'annual',
    sourceOfTruth: 'Google Drive',
    requirements: [
      {
        code: 'DP-06-E1',
        artifact:
          'Approved retention schedule and the lifecycle rule or job configuration enforcing each entry',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['C1.1', 'C1.2'],
      'nist-csf': ['ID.AM-08'],
      iso27001: ['A.5.33', 'A.8.10'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'DP-07',
    title: 'Secure deletion of customer data at contract end',
    description:
      'When a customer contract ends, or a customer asks for deletion, the customer’s data is deleted from production within 30 days and ages out of backups within the backup retention period. Each deletion is ticketed and confirmed to the customer in writing.',
    ownerRole: 'Head of engineering',
    cadence: 'per-event',
    sourceOfTruth: 'Jira',
    requirements: [
      {
        code: 'DP-07-E1',
        artifact:
          'Deletion ticket per churned customer with request date, deletion job output and confirmation sent within 30 days',
        cadence: 'per-event',
        sourceType: 'ticket-history',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['C1.2', 'CC6.5'],
      'nist-csf': ['ID.AM-08'],
      iso27001: ['A.8.10'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'DP-08',
    title: 'Wiping and disposal of devices and media',
    description:
      'Laptops and other storage devices are wiped with an MDM erase or a NIST 800-88 method before reuse, and devices leaving the company are destroyed by a certified disposal vendor. Each device’s disposal is recorded against its serial number.',
    ownerRole: 'IT admin',
    cadence: 'per-event',
    sourceOfTruth: 'MDM',
    requirements: [
      {
        code: 'DP-08-E1',
        artifact:
          'Wipe log or certificate of destruction per disposed device, matched to the asset serial number',
        cadence: 'per-event',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC6.5', 'C1.2'],
      'nist-csf': ['PR.PS-03', 'ID.AM-08'],
      iso27001: ['A.7.14', 'A.7.10'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'DP-09',
    title: 'Data leak prevention for storage and collaboration tools',
    description:
      'Public access is blocked at the account level for object storage, external sharing from Google Drive is limited to allow-listed domains, and Slack Connect channels need admin approval. Exceptions are approved by the security lead and reviewed each quarter.',
    ownerRole: 'IT admin',
    cadence: 'quarterly',
    sourceOfTruth: 'Google Workspace',
    requirements: [
      {
        code: 'DP-09-E1',
        artifact: 'Account-level public access block settings for object storage',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'import',
      },
      {
        code: 'DP-09-E2',
        artifact: 'Drive external-sharing report and sharing settings, with approved exceptions',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC6.7', 'C1.1'],
      'nist-csf': ['PR.DS-01', 'PR.DS-02'],
      iso27001: ['A.8.12', 'A.5.14'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'DP-10',
    title: 'No production customer data in non-production environments',
    description:
      'Development and staging use synthetic or masked data; copying production customer data into a non-production environment needs an approved exception with a deletion date. Data masking scripts are part of the reviewed codebase.',
    ownerRole: 'Head of engineering',
    cadence: 'annual',
    sourceOfTruth: 'auditready',
    requirements: [
      {
        code: 'DP-10-E1',
        artifact:
          'Attestation by the head of engineering that non-production holds no unmasked customer data, with any exceptions',
        cadence: 'annual',
        sourceType: 'attestation',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['C1.1', 'CC8.1'],
      'nist-csf': ['PR.DS-01', 'PR.DS-10'],
      iso27001: ['A.8.33', 'A.8.11'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
];
