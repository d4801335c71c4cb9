import type { StarterControl } from '../types.js';

/** GOV: governance, risk management, policies and management oversight. */
export const GOVERNANCE_CONTROLS: readonly StarterControl[] = [
  {
    code: 'GOV-01',
    title: 'Security program charter with named roles',
    description:
      'A written security program charter names the security lead, the members of the management security committee and the owner of each policy area. The CEO re-approves the charter each year, together with the security budget and headcount, and whenever one of the named roles changes hands.',
    ownerRole: 'Security lead',
    cadence: 'annual',
    sourceOfTruth: 'Google Drive',
    requirements: [
      {
        code: 'GOV-01-E1',
        artifact:
          'Security program charter listing each security role and the person holding it, with CEO approval date in the last 12 months',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
      {
        code: 'GOV-01-E2',
        artifact:
          'Org chart export from the HRIS showing reporting lines for security, engineering and IT as of the review date',
        cadence: 'annual',
        sourceType: 'system-export',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC1.3', 'CC1.5'],
      'nist-csf': ['GV.RR-01', 'GV.RR-02', 'GV.RR-03'],
      iso27001: ['A.5.2', 'A.5.4'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'GOV-02',
    title: 'Quarterly management security committee and annual board briefing',
    description:
      'The management security committee (CEO, head of engineering, security lead) meets every quarter to review the risk register, open findings, incidents, exceptions and audit status, and records its decisions. The board receives a security briefing at least once a year and its questions are minuted.',
    ownerRole: 'Security lead',
    cadence: 'quarterly',
    sourceOfTruth: 'Google Drive',
    requirements: [
      {
        code: 'GOV-02-E1',
        artifact:
          'Minutes of each quarterly security committee meeting with attendees, metrics reviewed and decisions with owners',
        cadence: 'quarterly',
        sourceType: 'document',
        collection: 'manual',
      },
      {
        code: 'GOV-02-E2',
        artifact:
          'Board meeting minutes or board deck extract showing the annual security briefing and discussion',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC1.2', 'CC2.2', 'CC4.2'],
      'nist-csf': ['GV.OV-01', 'GV.OV-02', 'GV.OV-03', 'GV.RR-01', 'GV.RM-05'],
      iso27001: ['A.5.4'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'GOV-03',
    title: 'Risk management objectives and risk appetite approved by leadership',
    description:
      'The company documents its security risk management objectives (tied to its commitments to customers), the likelihood and impact scales used to score risks, its risk appetite, who may accept which level of residual risk, and how security risks and opportunities feed the company-wide risk review. Leadership approves the document every year before the annual risk assessment starts.',
    ownerRole: 'Security lead',
    cadence: 'annual',
    sourceOfTruth: 'Google Drive',
    requirements: [
      {
        code: 'GOV-03-E1',
        artifact:
          'Risk management methodology stating objectives, scoring scales, appetite and acceptance authority, approved by the CEO within the last 12 months',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC3.1'],
      'nist-csf': ['GV.OC-01', 'GV.RM-01', 'GV.RM-02', 'GV.RM-03', 'GV.RM-04', 'GV.RM-06', 'GV.RM-07'],
      iso27001: ['A.5.1'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'GOV-04',
    title: 'Annual risk assessment and risk register',
    description:
      'Every year the security lead runs a risk assessment over the production system, corporate IT, vendors and people, drawing on threat intelligence and the previous year’s incidents. Each risk is scored for likelihood and impact, given an owner and a treatment decision (mitigate, accept, transfer, avoid), and tracked in the risk register until closed.',
    ownerRole: 'Security lead',
    cadence: 'annual',
    sourceOfTruth: 'auditready',
    requirements: [
      {
        code: 'GOV-04-E1',
        artifact:
          'Risk assessment report with the scored risk register export (risk, owner, likelihood, impact, treatment, due date)',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
      {
        code: 'GOV-04-E2',
        artifact: 'Jira tickets for each risk treatment action showing owner, due date and current status',
        cadence: 'quarterly',
        sourceType: 'ticket-history',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC3.1', 'CC3.2', 'CC5.1', 'CC9.1'],
      'nist-csf': ['ID.RA-03', 'ID.RA-04', 'ID.RA-05', 'ID.RA-06', 'GV.RM-06'],
      iso27001: ['A.5.7'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'GOV-05',
    title: 'Fraud risk assessment',
    description:
      'As part of the annual risk assessment, finance and security walk through fraud scenarios (payment redirection, insider misuse of admin rights, tampering with customer data or audit evidence, override of controls) and record which controls mitigate each one. Gaps go into the risk register.',
    ownerRole: 'Compliance lead',
    cadence: 'annual',
    sourceOfTruth: 'Google Drive',
    requirements: [
      {
        code: 'GOV-05-E1',
        artifact:
          'Fraud risk worksheet listing each scenario, its likelihood and impact and the mitigating controls, signed by the CFO and security lead',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC3.3'],
      'nist-csf': ['ID.RA-03', 'ID.RA-04'],
      iso27001: ['A.5.3'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'GOV-06',
    title: 'Risk review of significant changes',
    description:
      'Before a significant change goes live (new product line, new cloud region or provider, acquisition, new critical vendor, major architecture change, change of a key security role) the security lead records a risk review with the risks found and the controls that must change. The change owner cannot close the Jira epic without that sign-off.',
    ownerRole: 'Security lead',
    cadence: 'per-event',
    sourceOfTruth: 'Jira',
    requirements: [
      {
        code: 'GOV-06-E1',
        artifact:
          'Jira ticket per significant change with the completed risk review template and the security lead’s sign-off before go-live',
        cadence: 'per-event',
        sourceType: 'ticket-history',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC3.4'],
      'nist-csf': ['ID.RA-04', 'ID.RA-07', 'GV.OV-02'],
      iso27001: ['A.5.8'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'GOV-07',
    title: 'Annual review and approval of security policies',
    description:
      'Each security policy (information security, access control, change management, incident response, business continuity, vendor management, data classification and retention, acceptable use, AI use) has a named owner and is reviewed, versioned and approved by management at least every 12 months. Approved versions are published on the intranet.',
    ownerRole: 'Compliance lead',
    cadence: 'annual',
    sourceOfTruth: 'auditready',
    requirements: [
      {
        code: 'GOV-07-E1',
        artifact:
          'Policy register export showing each policy’s current version, owner, approver and an approval date within the last 12 months',
        cadence: 'annual',
        sourceType: 'system-export',
        collection: 'manual',
      },
      {
        code: 'GOV-07-E2',
        artifact: 'Approved copy of each policy with its version history and change summary',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC5.3', 'CC2.2'],
      'nist-csf': ['GV.PO-01', 'GV.PO-02'],
      iso27001: ['A.5.1', 'A.5.37'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'GOV-08',
    title: 'Employee acknowledgement of policies',
    description:
      'Every employee and contractor acknowledges the current acceptable use, information security and code of conduct policies within 30 days of starting and again each year. People ops chases anyone outstanding after 30 days and reports stragglers to their manager.',
    ownerRole: 'People ops',
    cadence: 'annual',
    sourceOfTruth: 'HRIS',
    requirements: [
      {
        code: 'GOV-08-E1',
        artifact:
          'Acknowledgement export listing every active worker with the policy version acknowledged and the acknowledgement date',
        cadence: 'annual',
        sourceType: 'system-export',
        collection: 'import',
      },
      {
        code: 'GOV-08-E2',
        artifact:
          'Acknowledgement records for each new hire in the period, dated within 30 days of the start date',
        cadence: 'per-event',
        sourceType: 'system-export',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC1.1', 'CC2.2', 'CC5.3'],
      'nist-csf': ['GV.PO-01', 'GV.RR-04'],
      iso27001: ['A.5.10', 'A.6.2'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'GOV-09',
    title: 'Inventory of production systems and business applications',
    description:
      'IT keeps an inventory of production cloud accounts and projects, data stores and SaaS applications, each with an owner, data classification and criticality. Every quarter the inventory is reconciled against the cloud organisation account list and the SSO application catalogue, and unlisted systems are added or shut down.',
    ownerRole: 'IT admin',
    cadence: 'quarterly',
    sourceOfTruth: 'auditready',
    requirements: [
      {
        code: 'GOV-09-E1',
        artifact:
          'System inventory export with owner, classification and criticality for each entry, dated within the quarter',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'manual',
      },
      {
        code: 'GOV-09-E2',
        artifact:
          'Reconciliation worksheet comparing the inventory with the AWS/GCP account list and Okta app list, with actions for differences',
        cadence: 'quarterly',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC2.1', 'CC6.1'],
      'nist-csf': ['ID.AM-02', 'ID.AM-05', 'ID.AM-08'],
      iso27001: ['A.5.9'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'GOV-10',
    title: 'Register of legal, regulatory and contractual security obligations',
    description:
      'Legal keeps a register of the security, confidentiality and breach-notification commitments made in customer contracts, DPAs and applicable laws, and checks it whenever a contract template changes and at least once a year. Commitments that need a control are linked to it.',
    ownerRole: 'Legal',
    cadence: 'annual',
    sourceOfTruth: 'Google Drive',
    requirements: [
      {
        code: 'GOV-10-E1',
        artifact:
          'Obligations register listing each commitment, its source (law, contract template, DPA) and the control that meets it, reviewed within 12 months',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC2.3', 'CC3.1', 'C1.1'],
      'nist-csf': ['GV.OC-02', 'GV.OC-03'],
      iso27001: ['A.5.31', 'A.5.34'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'GOV-11',
    title: 'System description and customer-facing security commitments',
    description:
      'The company maintains a system description (boundaries, components, data flows, subprocessors) and publishes its security commitments, subprocessor list and a security contact on its trust page. Both are reviewed every year and updated when the system or the subprocessors change.',
    ownerRole: 'Compliance lead',
    cadence: 'annual',
    sourceOfTruth: 'Google Drive',
    requirements: [
      {
        code: 'GOV-11-E1',
        artifact: 'Current system description with review date and approver',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
      {
        code: 'GOV-11-E2',
        artifact:
          'Dated capture of the public trust page showing security commitments, subprocessors and contact',
        cadence: 'annual',
        sourceType: 'screenshot',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC2.1', 'CC2.3'],
      'nist-csf': ['GV.OC-02', 'GV.OC-04', 'ID.AM-03'],
      iso27001: ['A.5.1', 'A.5.31'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
];
