import type { StarterControl } from '../types.js';

/** NHI: non-human identities (service accounts, roles, keys, tokens, OAuth apps, deploy keys, secrets). */
export const NON_HUMAN_IDENTITY_CONTROLS: readonly StarterControl[] = [
  {
    code: 'NHI-01',
    title: 'Inventory of non-human identities',
    description:
      'Every service account, IAM role and user, access key, API key, token, OAuth app or app installation, deploy key and certificate in AWS, GCP, GitHub and the identity provider is recorded in the NHI inventory with provider, purpose, environment, privilege summary and privileged flag. The inventory is refreshed from provider exports at least monthly and anything new without a record is triaged within 5 business days.',
    ownerRole: 'Security lead',
    cadence: 'monthly',
    sourceOfTruth: 'auditready',
    requirements: [
      {
        code: 'NHI-01-E1',
        artifact:
          'Monthly provider exports (AWS IAM credential report and authorization details, GCP service-account keys, GitHub app installations, deploy keys and fine-grained tokens, Okta API tokens) imported into the inventory',
        cadence: 'monthly',
        sourceType: 'system-export',
        collection: 'import',
      },
      {
        code: 'NHI-01-E2',
        artifact:
          'Inventory export showing every NHI with provider, purpose, environment and privileged flag filled in',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC6.1', 'CC2.1'],
      'nist-csf': ['ID.AM-02', 'PR.AA-01'],
      iso27001: ['A.5.9', 'A.5.16'],
      'owasp-nhi': ['NHI1:2025'],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'NHI-02',
    title: 'Named human owner for every non-human identity',
    description:
      'Each NHI has a named owner who is an active employee and answers for its purpose, privileges and rotation. When an owner leaves or changes team, ownership is reassigned within 5 business days; NHIs with no active owner are raised as findings and disabled if still unowned after 30 days.',
    ownerRole: 'Security lead',
    cadence: 'monthly',
    sourceOfTruth: 'auditready',
    requirements: [
      {
        code: 'NHI-02-E1',
        artifact:
          'Inventory export of NHIs with owner and owner status, showing none owned by a departed person',
        cadence: 'monthly',
        sourceType: 'system-export',
        collection: 'manual',
      },
      {
        code: 'NHI-02-E2',
        artifact:
          'Owner-changed lifecycle events for NHIs whose owner left in the period, dated within 5 business days',
        cadence: 'per-event',
        sourceType: 'immutable-log',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC1.5', 'CC6.2'],
      'nist-csf': ['GV.RR-02', 'PR.AA-01'],
      iso27001: ['A.5.9', 'A.5.16'],
      'owasp-nhi': ['NHI1:2025'],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'NHI-03',
    title: 'Rotation and expiry of NHI credentials',
    description:
      'Static credentials (cloud access keys, user-managed service-account keys, API keys, tokens) are rotated at least every 90 days or by the shorter period in the rotation policy, and every credential that supports an expiry has one no later than 12 months out. Keys older than the policy allow raise a finding and the owner must rotate or file a time-bound exception.',
    ownerRole: 'Security lead',
    cadence: 'monthly',
    sourceOfTruth: 'auditready',
    requirements: [
      {
        code: 'NHI-03-E1',
        artifact:
          'AWS IAM credential report and GCP key list showing key age per credential, with no active key older than 90 days without an exception',
        cadence: 'monthly',
        sourceType: 'system-export',
        collection: 'import',
      },
      {
        code: 'NHI-03-E2',
        artifact: 'Rotated lifecycle events per credential in the period with old-key deactivation time',
        cadence: 'quarterly',
        sourceType: 'immutable-log',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC6.1'],
      'nist-csf': ['PR.AA-01'],
      iso27001: ['A.5.17', 'A.8.24'],
      'owasp-nhi': ['NHI7:2025'],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'NHI-04',
    title: 'Decommissioning of unused and retired non-human identities',
    description:
      'Credentials unused for 45 days are disabled and deleted 30 days later unless the owner justifies them; when a service, integration or vendor is retired, its service accounts, keys and tokens are revoked in the same change. Each removal is recorded as an offboarded lifecycle event.',
    ownerRole: 'Security lead',
    cadence: 'monthly',
    sourceOfTruth: 'auditready',
    requirements: [
      {
        code: 'NHI-04-E1',
        artifact:
          'Monthly list of NHIs unused for 45 days or more with the disable or keep decision and justification',
        cadence: 'monthly',
        sourceType: 'system-export',
        collection: 'import',
      },
      {
        code: 'NHI-04-E2',
        artifact:
          'Decommission tickets for retired services listing every credential revoked, with revocation time',
        cadence: 'per-event',
        sourceType: 'ticket-history',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC6.2', 'CC6.3'],
      'nist-csf': ['PR.AA-01', 'ID.AM-08'],
      iso27001: ['A.5.16', 'A.5.18'],
      'owasp-nhi': ['NHI1:2025', 'NHI7:2025'],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'NHI-05',
    title: 'Least privilege for service identities',
    description:
      'Policies attached to service roles and accounts name the specific actions and resources the workload needs: no `*:*` or AdministratorAccess policies, no project Owner or Editor roles, no cluster-admin bindings, and no default Kubernetes service account with API rights. A weekly check lists violations and each is fixed or excepted within 30 days.',
    ownerRole: 'SRE lead',
    cadence: 'quarterly',
    sourceOfTruth: 'AWS IAM',
    requirements: [
      {
        code: 'NHI-05-E1',
        artifact:
          'Weekly policy-analysis report over IAM authorization details, GCP IAM bindings and Kubernetes role bindings listing wildcard or admin grants to service identities',
        cadence: 'weekly',
        sourceType: 'system-export',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC6.1', 'CC6.3'],
      'nist-csf': ['PR.AA-05'],
      iso27001: ['A.5.15', 'A.8.2'],
      'owasp-nhi': ['NHI5:2025'],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'NHI-06',
    title: 'Quarterly access review of non-human identities',
    description:
      'Every quarter each NHI owner confirms that the identity is still needed, that its privileges match its purpose and that it is used by exactly one workload, recording keep, change or revoke. Privileged NHIs are also reviewed by the security lead.',
    ownerRole: 'Security lead',
    cadence: 'quarterly',
    sourceOfTruth: 'auditready',
    requirements: [
      {
        code: 'NHI-06-E1',
        artifact: 'Completed NHI access-review campaign with a decision per identity, reviewer and date',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'manual',
      },
      {
        code: 'NHI-06-E2',
        artifact:
          'Reviewed, disabled or offboarded lifecycle events for the identities revoked or changed in the campaign',
        cadence: 'quarterly',
        sourceType: 'immutable-log',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC6.2', 'CC6.3'],
      'nist-csf': ['PR.AA-05'],
      iso27001: ['A.5.18', 'A.8.2'],
      'owasp-nhi': ['NHI1:2025', 'NHI5:2025', 'NHI9:2025'],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'NHI-07',
    title: 'CI/CD deploys through workload identity federation',
    description:
      'GitHub Actions workflows obtain cloud credentials through OIDC federation: AWS role trust policies and GCP workload identity providers pin the `aud` claim and the `sub` claim to the repository and protected environment or branch. No static cloud keys are stored as CI secrets; a weekly check of Actions secrets flags any that look like cloud keys.',
    ownerRole: 'SRE lead',
    cadence: 'quarterly',
    sourceOfTruth: 'GitHub',
    requirements: [
      {
        code: 'NHI-07-E1',
        artifact:
          'Export of CI deploy role trust policies and workload identity provider conditions showing `aud` and `sub` restrictions',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'import',
      },
      {
        code: 'NHI-07-E2',
        artifact:
          'GitHub Actions secrets export per repository and organisation showing no static cloud access keys',
        cadence: 'weekly',
        sourceType: 'system-export',
        collection: 'connector',
      },
    ],
    mappings: {
      soc2: ['CC6.1', 'CC8.1'],
      'nist-csf': ['PR.AA-03', 'PR.AA-04'],
      iso27001: ['A.5.17', 'A.8.5'],
      'owasp-nhi': ['NHI6:2025', 'NHI7:2025', 'NHI4:2025'],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'NHI-08',
    title: 'Separate credentials per environment',
    description:
      'Production, staging and development live in separate AWS accounts or GCP projects and each NHI is tagged with exactly one environment. No credential or secret value is shared between environments, and production secrets are readable only by production workloads.',
    ownerRole: 'SRE lead',
    cadence: 'quarterly',
    sourceOfTruth: 'auditready',
    requirements: [
      {
        code: 'NHI-08-E1',
        artifact:
          'Inventory export showing one environment per NHI and a check that no secret fingerprint appears in more than one environment',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'import',
      },
      {
        code: 'NHI-08-E2',
        artifact:
          'Secrets manager resource policies for production secrets restricting read access to production roles',
        cadence: 'annual',
        sourceType: 'system-export',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC6.1'],
      'nist-csf': ['PR.IR-01', 'PR.AA-05'],
      iso27001: ['A.8.31'],
      'owasp-nhi': ['NHI8:2025'],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'NHI-09',
    title: 'One identity per workload',
    description:
      'Each service, job or integration runs under its own identity; sharing one service account, role or API key between applications is not allowed. The inventory maps every NHI to exactly one consuming workload and any identity with several is split or excepted.',
    ownerRole: 'SRE lead',
    cadence: 'quarterly',
    sourceOfTruth: 'auditready',
    requirements: [
      {
        code: 'NHI-09-E1',
        artifact:
          'Inventory export mapping each NHI to its single consuming workload, with shared identities flagged',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC6.1'],
      'nist-csf': ['PR.AA-01', 'PR.AA-05'],
      iso27001: ['A.5.16'],
      'owasp-nhi': ['NHI9:2025'],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'NHI-10',
    title: 'No human use of service identities',
    description:
      'Service accounts and IAM users that serve workloads have no console password and cannot sign in interactively; people use their own federated identity instead. An alert fires on any console or interactive login by an identity marked as a service account and is triaged as a security event.',
    ownerRole: 'Security lead',
    cadence: 'monthly',
    sourceOfTruth: 'AWS IAM',
    requirements: [
      {
        code: 'NHI-10-E1',
        artifact:
          'Credential report showing `password_enabled=false` for every IAM user marked as a service account',
        cadence: 'monthly',
        sourceType: 'system-export',
        collection: 'import',
      },
      {
        code: 'NHI-10-E2',
        artifact:
          'Alert rule definition and the log of triggered interactive-login alerts with their triage outcome',
        cadence: 'quarterly',
        sourceType: 'immutable-log',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC6.1', 'CC7.2'],
      'nist-csf': ['PR.AA-03', 'DE.CM-03'],
      iso27001: ['A.5.16', 'A.8.16'],
      'owasp-nhi': ['NHI10:2025'],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'NHI-11',
    title: 'Secret scanning and leaked-secret response',
    description:
      'Secret scanning with push protection is enabled on every GitHub repository, and the CI pipeline runs a secret scanner on each pull request. A detected live secret is revoked or rotated within 24 hours and the alert is closed only with a link to the rotation record.',
    ownerRole: 'Security lead',
    cadence: 'monthly',
    sourceOfTruth: 'GitHub',
    requirements: [
      {
        code: 'NHI-11-E1',
        artifact:
          'GitHub organisation security settings showing secret scanning and push protection enabled on all repositories',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'connector',
      },
      {
        code: 'NHI-11-E2',
        artifact:
          'Secret-scanner findings (GitHub alerts, gitleaks or trufflehog reports) for the period, each linked to a rotated or revoked credential and closed within 24 hours',
        cadence: 'monthly',
        sourceType: 'system-export',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC6.1', 'CC7.2', 'CC7.3'],
      'nist-csf': ['DE.CM-09', 'DE.AE-02', 'RS.MI-01'],
      iso27001: ['A.5.17', 'A.8.12'],
      'owasp-nhi': ['NHI2:2025'],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'NHI-12',
    title: 'Secrets kept only in a secrets manager',
    description:
      'Application secrets live in AWS Secrets Manager, GCP Secret Manager or the CI secret store and are read at runtime; they are never committed to code, baked into images or pasted into tickets or chat. Every secret in the secrets manager has an owner tag and a rotation setting.',
    ownerRole: 'SRE lead',
    cadence: 'quarterly',
    sourceOfTruth: 'AWS Secrets Manager',
    requirements: [
      {
        code: 'NHI-12-E1',
        artifact:
          '`aws secretsmanager list-secrets` export (or GCP equivalent) showing owner tag, rotation setting and last rotation per secret',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC6.1', 'CC6.7'],
      'nist-csf': ['PR.AA-01', 'PR.DS-01'],
      iso27001: ['A.5.17', 'A.8.24'],
      'owasp-nhi': ['NHI2:2025', 'NHI7:2025'],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'NHI-13',
    title: 'Review of third-party app and OAuth grants',
    description:
      'Installing a third-party app or granting OAuth consent to Google Workspace, Okta, GitHub or Slack needs approval from IT, and users cannot consent to apps that request high-risk scopes. Every quarter IT reviews all app installations and OAuth grants for owner, business purpose and scopes and revokes the ones not approved or no longer used.',
    ownerRole: 'IT admin',
    cadence: 'quarterly',
    sourceOfTruth: 'Google Workspace',
    requirements: [
      {
        code: 'NHI-13-E1',
        artifact:
          'Exports of OAuth grants and app installations (Google Workspace, Okta, GitHub, Slack) with scopes, owner and the keep or revoke decision',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'import',
      },
      {
        code: 'NHI-13-E2',
        artifact: 'Admin console setting restricting user consent to unapproved or high-risk-scope apps',
        cadence: 'annual',
        sourceType: 'screenshot',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC6.1', 'CC6.2', 'CC9.2'],
      'nist-csf': ['PR.AA-05', 'GV.SC-07'],
      iso27001: ['A.5.18', 'A.5.19'],
      'owasp-nhi': ['NHI3:2025', 'NHI5:2025'],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'NHI-14',
    title: 'Strong authentication for service integrations',
    description:
      'Service-to-service and vendor integrations authenticate with short-lived tokens, OIDC or mutual TLS; basic authentication, shared passwords and classic GitHub personal access tokens are not allowed for new integrations. Existing integrations on a weaker method are recorded with an auth-method field and an exception that has a migration date.',
    ownerRole: 'Head of engineering',
    cadence: 'semiannual',
    sourceOfTruth: 'auditready',
    requirements: [
      {
        code: 'NHI-14-E1',
        artifact:
          'Inventory export with the authentication method of each integration and the exceptions for static or weak methods',
        cadence: 'semiannual',
        sourceType: 'system-export',
        collection: 'manual',
      },
      {
        code: 'NHI-14-E2',
        artifact:
          'GitHub organisation policy restricting classic personal access tokens and requiring expiry on fine-grained ones',
        cadence: 'annual',
        sourceType: 'screenshot',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC6.1', 'CC6.6'],
      'nist-csf': ['PR.AA-03', 'PR.AA-04'],
      iso27001: ['A.8.5'],
      'owasp-nhi': ['NHI4:2025', 'NHI7:2025'],
      'nist-ai-rmf': [],
    },
  },
];
