import type { StarterControl } from '../types.js';

/** VM: vendor and supply-chain risk management. */
export const VENDOR_MANAGEMENT_CONTROLS: readonly StarterControl[] = [
  {
    code: 'VM-01',
    title: 'Vendor management policy and tiered vendor inventory',
    description:
      'A vendor management policy sets how suppliers are selected, assessed, contracted, monitored and exited. Every vendor that touches company or customer data or supports production is in the vendor register with an owner, the data it handles and a criticality tier, and the register is reconciled against accounts payable every quarter.',
    ownerRole: 'Compliance lead',
    cadence: 'quarterly',
    sourceOfTruth: 'auditready',
    requirements: [
      {
        code: 'VM-01-E1',
        artifact: 'Approved vendor management policy with approval date within 12 months',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
      {
        code: 'VM-01-E2',
        artifact:
          'Vendor register export (owner, data handled, criticality, next review) and the quarterly reconciliation against the accounts payable vendor list',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC9.2'],
      'nist-csf': ['GV.SC-01', 'GV.SC-03', 'GV.SC-04', 'ID.AM-04'],
      iso27001: ['A.5.19'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'VM-02',
    title: 'Security due diligence before onboarding a vendor',
    description:
      'Before a new vendor is contracted or given data or system access, the vendor owner completes an intake form and security reviews the vendor’s SOC 2 or ISO 27001 certificate, or a questionnaire for vendors without one, scaled to the tier. Procurement does not issue a purchase order for tier 1 or 2 vendors without security approval.',
    ownerRole: 'Security lead',
    cadence: 'per-event',
    sourceOfTruth: 'Jira',
    requirements: [
      {
        code: 'VM-02-E1',
        artifact:
          'Vendor intake ticket per new vendor with tier, documents reviewed and security approval dated before contract signature',
        cadence: 'per-event',
        sourceType: 'ticket-history',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC9.2', 'CC3.2'],
      'nist-csf': ['GV.SC-06', 'ID.RA-10'],
      iso27001: ['A.5.19', 'A.5.21'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'VM-03',
    title: 'Annual review of vendor SOC 2 reports and bridge letters',
    description:
      'For each tier 1 vendor, security obtains the latest SOC 2 Type II report each year and a bridge letter when the report period ends more than three months before the company’s audit period ends. The reviewer records the opinion, exceptions, subservice organisations and the complementary user entity controls the company must run.',
    ownerRole: 'Compliance lead',
    cadence: 'annual',
    sourceOfTruth: 'auditready',
    requirements: [
      {
        code: 'VM-03-E1',
        artifact:
          'SOC 2 review record per tier 1 vendor with report period end, received date, opinion, exceptions noted and CUECs',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
      {
        code: 'VM-03-E2',
        artifact: 'Bridge letters covering the gap between each report period end and the audit period end',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC9.2', 'CC4.1'],
      'nist-csf': ['GV.SC-07', 'DE.CM-06'],
      iso27001: ['A.5.22'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'VM-04',
    title: 'Security and confidentiality terms in vendor contracts',
    description:
      'Contracts with vendors that handle customer data include confidentiality, security obligations, breach notification within a set number of hours, subprocessor approval and data return or deletion at exit, usually through the company’s DPA. Legal checks the terms before signature.',
    ownerRole: 'Legal',
    cadence: 'per-event',
    sourceOfTruth: 'Contract repository',
    requirements: [
      {
        code: 'VM-04-E1',
        artifact:
          'Signed contract or DPA per data-handling vendor showing the security, breach notice and deletion clauses',
        cadence: 'per-event',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC9.2', 'C1.1'],
      'nist-csf': ['GV.SC-05', 'GV.SC-02'],
      iso27001: ['A.5.20'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'VM-05',
    title: 'Vendor offboarding',
    description:
      'When a vendor relationship ends, the owner removes its accounts, API keys and OAuth grants, requests return or deletion of company data and files the vendor’s deletion confirmation. The vendor register entry is closed only when all three are done.',
    ownerRole: 'Compliance lead',
    cadence: 'per-event',
    sourceOfTruth: 'Jira',
    requirements: [
      {
        code: 'VM-05-E1',
        artifact:
          'Offboarding ticket per exited vendor listing access removed, credentials revoked and the deletion confirmation',
        cadence: 'per-event',
        sourceType: 'ticket-history',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC9.2', 'C1.2'],
      'nist-csf': ['GV.SC-10'],
      iso27001: ['A.5.22', 'A.5.11'],
      'owasp-nhi': ['NHI1:2025'],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'VM-06',
    title: 'Cloud shared-responsibility matrix',
    description:
      'For each cloud and critical SaaS provider, a shared-responsibility matrix records which security controls the provider runs and which the company must run, including the complementary user entity controls from the provider’s SOC 2 report. Every company-side item is mapped to a control in the library.',
    ownerRole: 'Security lead',
    cadence: 'annual',
    sourceOfTruth: 'Google Drive',
    requirements: [
      {
        code: 'VM-06-E1',
        artifact:
          'Shared-responsibility matrix per provider with each company-side item mapped to a control code',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC9.2', 'CC5.2'],
      'nist-csf': ['GV.SC-02', 'GV.OC-05'],
      iso27001: ['A.5.23'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'VM-07',
    title: 'Vendors in incident response',
    description:
      'The incident response plan lists the security contacts and notification duties of tier 1 vendors, and vendor-reported incidents are logged and assessed for impact on the company within one business day. Vendors that support production are invited to the annual tabletop when the scenario involves them.',
    ownerRole: 'Security lead',
    cadence: 'annual',
    sourceOfTruth: 'auditready',
    requirements: [
      {
        code: 'VM-07-E1',
        artifact:
          'Vendor contact annex of the incident response plan and the log of vendor-reported incidents with impact assessment',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC9.2', 'CC7.3'],
      'nist-csf': ['GV.SC-08', 'RS.MA-01'],
      iso27001: ['A.5.22', 'A.5.24'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
];
