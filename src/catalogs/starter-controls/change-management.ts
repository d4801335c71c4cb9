import type { StarterControl } from '../types.js';

/** CM: change management, secure development and release control. */
export const CHANGE_MANAGEMENT_CONTROLS: readonly StarterControl[] = [
  {
    code: 'CM-01',
    title: 'Documented software development and change process',
    description:
      'A written SDLC and change management procedure describes how changes to code and infrastructure are designed, reviewed, tested, approved, released and rolled back, including emergency changes. Engineering leadership reviews and approves it every year.',
    ownerRole: 'Head of engineering',
    cadence: 'annual',
    sourceOfTruth: 'Google Drive',
    requirements: [
      {
        code: 'CM-01-E1',
        artifact:
          'Approved SDLC and change management procedure with version and approval date within 12 months',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC5.2', 'CC5.3', 'CC8.1'],
      'nist-csf': ['PR.PS-06', 'PR.PS-01'],
      iso27001: ['A.8.25', 'A.8.32', 'A.5.37'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'CM-02',
    title: 'Independent code review before merge',
    description:
      'Branch protection on the default branch of every production repository requires a pull request with at least one approval from someone other than the author, dismisses stale approvals on new commits and applies to administrators. CODEOWNERS routes infrastructure and authentication code to the owning team.',
    ownerRole: 'Engineering manager',
    cadence: 'quarterly',
    sourceOfTruth: 'GitHub',
    requirements: [
      {
        code: 'CM-02-E1',
        artifact:
          'Branch protection or ruleset export for each production repository showing required reviews, stale-review dismissal and no admin bypass',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'connector',
      },
      {
        code: 'CM-02-E2',
        artifact:
          'Pull requests merged in the period with author, approvers and approval time (population for sampling)',
        cadence: 'monthly',
        sourceType: 'system-export',
        collection: 'connector',
      },
    ],
    mappings: {
      soc2: ['CC8.1', 'CC5.1'],
      'nist-csf': ['PR.PS-06'],
      iso27001: ['A.8.28', 'A.8.32', 'A.5.3'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'CM-03',
    title: 'Automated tests and security checks required before merge',
    description:
      'Pull requests to production repositories cannot merge until required status checks pass: unit and integration tests, static analysis, dependency vulnerability scan and secret scan. Changing the list of required checks is itself a reviewed change.',
    ownerRole: 'Engineering manager',
    cadence: 'quarterly',
    sourceOfTruth: 'GitHub',
    requirements: [
      {
        code: 'CM-03-E1',
        artifact: 'Required status checks configuration per production repository',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'connector',
      },
      {
        code: 'CM-03-E2',
        artifact: 'Check-run results attached to each merged pull request in the period',
        cadence: 'monthly',
        sourceType: 'system-export',
        collection: 'connector',
      },
    ],
    mappings: {
      soc2: ['CC8.1', 'CC7.1'],
      'nist-csf': ['PR.PS-06', 'ID.RA-01'],
      iso27001: ['A.8.29', 'A.8.25'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'CM-04',
    title: 'Every production release traces to approved changes',
    description:
      'Each production deployment records its version and the commits it contains, and every commit in it must belong to a merged, approved pull request. A monthly reconciliation of deployments against approved pull requests lists any unapproved change, and each one is investigated and either approved retroactively as an emergency change or rolled back.',
    ownerRole: 'Engineering manager',
    cadence: 'monthly',
    sourceOfTruth: 'GitHub',
    requirements: [
      {
        code: 'CM-04-E1',
        artifact:
          'Deployment log for the period (time, version, commits) with each commit matched to an approved pull request',
        cadence: 'monthly',
        sourceType: 'system-export',
        collection: 'connector',
      },
      {
        code: 'CM-04-E2',
        artifact: 'Investigation ticket for each release containing an unapproved change, with outcome',
        cadence: 'per-event',
        sourceType: 'ticket-history',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC8.1'],
      'nist-csf': ['ID.RA-07', 'PR.PS-01'],
      iso27001: ['A.8.32', 'A.8.19'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'CM-05',
    title: 'Emergency changes reviewed after the fact',
    description:
      'An emergency fix may ship with a single on-call approval during an incident, but it is labelled as an emergency change, linked to the incident, and receives a full code review within 2 business days. Emergency changes are counted and reported monthly.',
    ownerRole: 'Engineering manager',
    cadence: 'monthly',
    sourceOfTruth: 'GitHub',
    requirements: [
      {
        code: 'CM-05-E1',
        artifact:
          'List of emergency-labelled pull requests in the period, each with its incident link and retrospective review dated within 2 business days',
        cadence: 'per-event',
        sourceType: 'system-export',
        collection: 'connector',
      },
    ],
    mappings: {
      soc2: ['CC8.1'],
      'nist-csf': ['ID.RA-07'],
      iso27001: ['A.8.32'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'CM-06',
    title: 'Production deployments only through the pipeline',
    description:
      'Only the CI/CD pipeline identity can deploy to production, from the protected default branch and through a protected GitHub environment; engineers have no rights to push images or apply infrastructure changes to production by hand. Direct production changes outside the pipeline trigger an alert.',
    ownerRole: 'SRE lead',
    cadence: 'quarterly',
    sourceOfTruth: 'GitHub',
    requirements: [
      {
        code: 'CM-06-E1',
        artifact:
          'Protected environment settings and deploy role permissions showing production deploy rights held only by the pipeline',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'connector',
      },
      {
        code: 'CM-06-E2',
        artifact:
          'Cloud audit-log alerts for production changes made by non-pipeline principals, with triage notes',
        cadence: 'quarterly',
        sourceType: 'immutable-log',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC8.1', 'CC6.8'],
      'nist-csf': ['PR.PS-05', 'PR.PS-01'],
      iso27001: ['A.8.19', 'A.8.32'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'CM-07',
    title: 'Infrastructure as code with drift detection',
    description:
      'Cloud infrastructure is defined in Terraform and changed only through reviewed pull requests; a scheduled plan runs weekly against production and any drift opens a ticket for the SRE on call. Baseline settings (logging, encryption, public-access blocks) are enforced by organisation policies.',
    ownerRole: 'SRE lead',
    cadence: 'weekly',
    sourceOfTruth: 'GitHub',
    requirements: [
      {
        code: 'CM-07-E1',
        artifact: 'Weekly drift-detection run output and tickets for any drift found, with resolution',
        cadence: 'weekly',
        sourceType: 'system-export',
        collection: 'import',
      },
      {
        code: 'CM-07-E2',
        artifact:
          'Organisation policy export (AWS SCPs or GCP org policies) enforcing the configuration baseline',
        cadence: 'annual',
        sourceType: 'system-export',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC8.1', 'CC7.1'],
      'nist-csf': ['PR.PS-01'],
      iso27001: ['A.8.9', 'A.8.32'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'CM-08',
    title: 'Separate development, staging and production environments',
    description:
      'Development, staging and production run in separate cloud accounts or projects with separate networks, and only the SRE group has any access to production. Changes reach production only after passing staging.',
    ownerRole: 'SRE lead',
    cadence: 'annual',
    sourceOfTruth: 'AWS Organizations',
    requirements: [
      {
        code: 'CM-08-E1',
        artifact:
          'Cloud organisation account or project list showing the environment of each, and the production access groups',
        cadence: 'annual',
        sourceType: 'system-export',
        collection: 'import',
      },
      {
        code: 'CM-08-E2',
        artifact:
          'Pipeline definition showing the staging stage as a prerequisite of the production deployment',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC8.1', 'CC6.1'],
      'nist-csf': ['PR.IR-01'],
      iso27001: ['A.8.31'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'CM-09',
    title: 'Dependency and build supply-chain hygiene',
    description:
      'Dependencies are pinned by lockfile and updated through automated pull requests; third-party GitHub Actions are pinned to a commit SHA; new direct dependencies are checked for licence and maintenance status in code review. Release builds produce a software bill of materials.',
    ownerRole: 'Head of engineering',
    cadence: 'quarterly',
    sourceOfTruth: 'GitHub',
    requirements: [
      {
        code: 'CM-09-E1',
        artifact:
          'Dependency update bot configuration and the list of its merged and open pull requests for the quarter',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'connector',
      },
      {
        code: 'CM-09-E2',
        artifact:
          'SBOM produced for a sample release and a workflow scan showing third-party actions pinned to SHAs',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC7.1', 'CC8.1', 'CC9.2'],
      'nist-csf': ['ID.RA-09', 'PR.PS-02', 'GV.SC-09'],
      iso27001: ['A.5.21', 'A.8.8'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
  {
    code: 'CM-10',
    title: 'Security design review for high-risk features',
    description:
      'Features that touch authentication, authorisation, customer-data storage, encryption or new external integrations get a written threat model reviewed by the security lead before implementation starts. The review is linked from the Jira epic and its required changes become tickets.',
    ownerRole: 'Security lead',
    cadence: 'per-event',
    sourceOfTruth: 'Jira',
    requirements: [
      {
        code: 'CM-10-E1',
        artifact:
          'Threat model document per high-risk epic with the security lead’s approval and the follow-up tickets',
        cadence: 'per-event',
        sourceType: 'ticket-history',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC8.1', 'CC3.2'],
      'nist-csf': ['PR.PS-06', 'ID.RA-04'],
      iso27001: ['A.8.26', 'A.8.27', 'A.5.8'],
      'owasp-nhi': [],
      'nist-ai-rmf': [],
    },
  },
];
