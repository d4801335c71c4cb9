import type { StarterControl } from '../types.js';

/** AC: access control for people (workforce identities, privileged access, physical access). */
export const ACCESS_CONTROL_CONTROLS: readonly StarterControl[] = [
  {
    code: 'AC-01',
    title: 'Role-based access matrix for in-scope systems',
    description:
      'For each in-scope system (AWS/GCP, production databases, GitHub, Okta or Google Workspace admin, Jira, Slack admin) the access matrix lists the roles or groups that exist, what they allow and which job functions may hold them, following least privilege and separation of duties. System owners re-approve the matrix every year.',
    ownerRole: 'Security lead',
    cadence: 'annual',
    sourceOfTruth: 'Google Drive',
    requirements: [
      {
        code: 'AC-01-E1',
        artifact:
          'Access matrix per in-scope system (role, permissions, eligible job functions) with system-owner approval dated within 12 months',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC5.2', 'CC6.1', 'CC6.3'],
      'nist-csf': ['PR.AA-05'],
      iso27001: ['A.5.15', 'A.5.3', 'A.8.3'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'AC-02',
    title: 'Single sign-on for business and production applications',
    description:
      'Workforce access to business and production applications goes through the identity provider (Okta or Google Workspace), with a password policy of at least 12 characters and lockout after repeated failures. Applications that cannot use SSO are listed with a local-account owner and are included in the quarterly access review.',
    ownerRole: 'IT admin',
    cadence: 'quarterly',
    sourceOfTruth: 'Okta',
    requirements: [
      {
        code: 'AC-02-E1',
        artifact:
          'Identity provider application list showing SSO enforced per app, and the list of non-SSO exceptions',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'import',
      },
      {
        code: 'AC-02-E2',
        artifact: 'Identity provider password and lockout policy settings',
        cadence: 'annual',
        sourceType: 'screenshot',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC6.1'],
      'nist-csf': ['PR.AA-01', 'PR.AA-03', 'PR.AA-04'],
      iso27001: ['A.5.16', 'A.5.17', 'A.8.5'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'AC-03',
    title: 'Quarterly access review of production systems',
    description:
      'Every quarter, system owners review every human account on AWS/GCP, production databases, GitHub, the identity provider admin console and the customer-data admin tool, and record keep, change or revoke for each. Revocations are completed within 5 business days and the campaign is signed off by the security lead.',
    ownerRole: 'Security lead',
    cadence: 'quarterly',
    sourceOfTruth: 'auditready',
    requirements: [
      {
        code: 'AC-03-E1',
        artifact:
          'Signed access-review export listing every production account with the reviewer, decision and decision date',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'import',
      },
      {
        code: 'AC-03-E2',
        artifact:
          'Jira tickets for each revoke or change decision, closed within 5 business days of the decision',
        cadence: 'quarterly',
        sourceType: 'ticket-history',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC6.1', 'CC6.2', 'CC6.3'],
      'nist-csf': ['PR.AA-05'],
      iso27001: ['A.5.18', 'A.8.2'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'AC-04',
    title: 'Joiner access granted from approved role templates',
    description:
      'A new hire record in the HRIS creates the identity-provider account with the birthright groups for the role. Any access beyond the role template needs a Jira access request approved by the manager and, for production, the system owner, before it is granted.',
    ownerRole: 'IT admin',
    cadence: 'per-event',
    sourceOfTruth: 'Okta',
    requirements: [
      {
        code: 'AC-04-E1',
        artifact:
          'Identity-provider provisioning log for each joiner in the period, matched to the HRIS start date and role template',
        cadence: 'per-event',
        sourceType: 'immutable-log',
        collection: 'import',
      },
      {
        code: 'AC-04-E2',
        artifact:
          'Approved Jira access requests for additional or production access, approval timestamp before grant',
        cadence: 'per-event',
        sourceType: 'ticket-history',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC6.2'],
      'nist-csf': ['PR.AA-01', 'PR.AA-02', 'PR.AA-05'],
      iso27001: ['A.5.16', 'A.5.18'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'AC-05',
    title: 'Mover access adjusted on role change',
    description:
      'When the HRIS records a change of team or role, IT moves the person to the new role template and the previous manager confirms within 5 business days which extra access must be removed. Access no longer needed is revoked in the same ticket.',
    ownerRole: 'IT admin',
    cadence: 'per-event',
    sourceOfTruth: 'Jira',
    requirements: [
      {
        code: 'AC-05-E1',
        artifact:
          'Mover ticket per role change in the period with group changes applied and the former manager’s confirmation within 5 business days',
        cadence: 'per-event',
        sourceType: 'ticket-history',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC6.2', 'CC6.3'],
      'nist-csf': ['PR.AA-05'],
      iso27001: ['A.5.18', 'A.6.5'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'AC-06',
    title: 'Leaver access revoked within 24 hours',
    description:
      'The identity-provider account of a departing worker is suspended no later than 24 hours after their last day, which cuts SSO access; accounts outside SSO are removed in the same ticket. A weekly reconciliation compares active accounts with the HRIS roster and flags anyone departed who still has access.',
    ownerRole: 'IT admin',
    cadence: 'weekly',
    sourceOfTruth: 'Okta',
    requirements: [
      {
        code: 'AC-06-E1',
        artifact:
          'Deprovisioning log per leaver showing suspension time within 24 hours of the HRIS termination date',
        cadence: 'per-event',
        sourceType: 'immutable-log',
        collection: 'import',
      },
      {
        code: 'AC-06-E2',
        artifact:
          'Weekly HRIS-to-identity-provider reconciliation report with any departed-but-active accounts and their fix',
        cadence: 'weekly',
        sourceType: 'system-export',
        collection: 'connector',
      },
    ],
    mappings: {
      soc2: ['CC6.2', 'CC6.3'],
      'nist-csf': ['PR.AA-01', 'PR.AA-05'],
      iso27001: ['A.5.16', 'A.5.18', 'A.6.5'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'AC-07',
    title: 'MFA enforced for all workforce accounts',
    description:
      'Multi-factor authentication is enforced by policy in the identity provider for every workforce account, and on the cloud consoles and GitHub organisation for any access not routed through SSO. Administrators must use phishing-resistant factors (FIDO2 security keys or platform passkeys); SMS is not allowed.',
    ownerRole: 'IT admin',
    cadence: 'quarterly',
    sourceOfTruth: 'Okta',
    requirements: [
      {
        code: 'AC-07-E1',
        artifact:
          'Identity-provider export of all active users with enrolled factors, showing no user without MFA',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'connector',
      },
      {
        code: 'AC-07-E2',
        artifact:
          'Sign-on policy settings requiring MFA for all apps and phishing-resistant factors for admin roles, plus GitHub org "require 2FA" setting',
        cadence: 'annual',
        sourceType: 'screenshot',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC6.1', 'CC6.6'],
      'nist-csf': ['PR.AA-03'],
      iso27001: ['A.5.17', 'A.8.5'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'AC-08',
    title: 'Just-in-time privileged access to production',
    description:
      'Nobody holds standing administrator rights in production: engineers request time-boxed elevation (at most 8 hours) with a reason, approved by a second engineer, and every session is logged. Break-glass root credentials are kept in a sealed vault entry and any use pages the security lead.',
    ownerRole: 'SRE lead',
    cadence: 'quarterly',
    sourceOfTruth: 'AWS IAM',
    requirements: [
      {
        code: 'AC-08-E1',
        artifact: 'Elevation log for the period with requester, approver, reason, start and expiry per grant',
        cadence: 'quarterly',
        sourceType: 'immutable-log',
        collection: 'import',
      },
      {
        code: 'AC-08-E2',
        artifact:
          'Export of users with standing admin roles (expected empty apart from break-glass) and break-glass use alerts',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC6.1', 'CC6.3'],
      'nist-csf': ['PR.AA-05'],
      iso27001: ['A.8.2', 'A.8.18'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'AC-09',
    title: 'Logged, ticketed access to customer data',
    description:
      'Staff reach customer data only through the internal admin tool, which requires a support ticket reference and records who viewed what. Direct production database queries are limited to the on-call SRE group and are logged; the security lead samples 10 access events each month.',
    ownerRole: 'Security lead',
    cadence: 'monthly',
    sourceOfTruth: 'Admin tool audit log',
    requirements: [
      {
        code: 'AC-09-E1',
        artifact:
          'Monthly admin-tool access log export with ticket references and the reviewer’s sample notes',
        cadence: 'monthly',
        sourceType: 'immutable-log',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC6.1', 'C1.1'],
      'nist-csf': ['PR.AA-05', 'PR.DS-10', 'DE.CM-03'],
      iso27001: ['A.8.3', 'A.8.15'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'AC-10',
    title: 'Source code repository access',
    description:
      'GitHub organisation membership is granted through identity-provider groups, base permission is read-only, and write or admin rights to production repositories come from team membership only. Outside collaborators need security lead approval and are reviewed every quarter.',
    ownerRole: 'Engineering manager',
    cadence: 'quarterly',
    sourceOfTruth: 'GitHub',
    requirements: [
      {
        code: 'AC-10-E1',
        artifact:
          'GitHub export of members, teams, repository roles and outside collaborators with the quarterly reviewer decisions',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'connector',
      },
    ],
    mappings: {
      soc2: ['CC6.1', 'CC6.2'],
      'nist-csf': ['PR.AA-05'],
      iso27001: ['A.8.4'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'AC-11',
    title: 'Physical access to offices and reliance on cloud data centres',
    description:
      'Office entry uses personal badges issued and removed by people ops, visitors sign in and are escorted, and no production systems are hosted in the office. Physical security of production data centres is inherited from the cloud provider and confirmed each year from its SOC 2 report.',
    ownerRole: 'IT admin',
    cadence: 'annual',
    sourceOfTruth: 'Badge system',
    requirements: [
      {
        code: 'AC-11-E1',
        artifact: 'Badge system export of active badges reconciled against the HRIS roster',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'import',
      },
      {
        code: 'AC-11-E2',
        artifact:
          'Cloud provider SOC 2 report review noting the physical and environmental controls relied on and the period covered',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC6.4'],
      'nist-csf': ['PR.AA-06'],
      iso27001: ['A.7.1', 'A.7.2', 'A.7.3'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
];
