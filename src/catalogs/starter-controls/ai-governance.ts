import type { StarterControl } from '../types.js';

/** AI: governance of AI systems the company builds, buys or uses (NIST AI RMF GOVERN). */
export const AI_GOVERNANCE_CONTROLS: readonly StarterControl[] = [
  {
    code: 'AI-01',
    title: 'AI acceptable use policy',
    description:
      'The AI use policy lists the approved AI tools, which data classes may be entered into each (never Restricted customer data into tools without a company contract), the requirement that a person reviews AI output before it is shipped or sent to customers, and the trustworthiness goals (validity, safety, security, privacy, fairness, transparency) AI features must meet. All workers acknowledge it with the other policies.',
    ownerRole: 'Security lead',
    cadence: 'annual',
    sourceOfTruth: 'Google Drive',
    requirements: [
      {
        code: 'AI-01-E1',
        artifact:
          'Approved AI use policy with the list of approved tools and permitted data classes, approval date within 12 months',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
      {
        code: 'AI-01-E2',
        artifact:
          'Acknowledgement export showing every active worker accepted the current AI use policy version',
        cadence: 'annual',
        sourceType: 'system-export',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC5.3', 'CC2.2', 'C1.1'],
      'nist-csf': ['GV.PO-01'],
      iso27001: ['A.5.10', 'A.5.1'],
      'owasp-nhi': [],
      'nist-ai-rmf': ['GOVERN 1.2', 'GOVERN 1.4', 'GOVERN 4.1'],
    },
  },
  {
    code: 'AI-02',
    title: 'Inventory of AI systems',
    description:
      'Every AI system the company builds into its product or uses internally (LLM features, coding assistants, AI features switched on inside SaaS tools) is recorded with an owner, purpose, model provider, data it can access, the NHIs it runs under and a risk tier. The inventory is reconciled every quarter against the SSO app list, cloud AI service usage and vendor register.',
    ownerRole: 'Security lead',
    cadence: 'quarterly',
    sourceOfTruth: 'auditready',
    requirements: [
      {
        code: 'AI-02-E1',
        artifact:
          'AI system inventory export with owner, purpose, provider, data accessed and risk tier per system',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'manual',
      },
      {
        code: 'AI-02-E2',
        artifact:
          'Quarterly reconciliation against SSO apps, cloud AI API usage and the vendor register, with additions noted',
        cadence: 'quarterly',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC2.1', 'CC6.1'],
      'nist-csf': ['ID.AM-02'],
      iso27001: ['A.5.9'],
      'owasp-nhi': [],
      'nist-ai-rmf': ['GOVERN 1.6'],
    },
  },
  {
    code: 'AI-03',
    title: 'Register of AI legal and contractual obligations',
    description:
      'Legal tracks the laws and customer contract terms that apply to the company’s AI use (for example EU AI Act duties, promises not to train on customer data, disclosure of AI-generated content, IP terms of model providers) and links each to the control or product requirement that meets it. The register is reviewed every six months.',
    ownerRole: 'Legal',
    cadence: 'semiannual',
    sourceOfTruth: 'Google Drive',
    requirements: [
      {
        code: 'AI-03-E1',
        artifact:
          'AI obligations register with source, obligation, owner and linked control, reviewed within 6 months',
        cadence: 'semiannual',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC3.1', 'CC2.3'],
      'nist-csf': ['GV.OC-03'],
      iso27001: ['A.5.31', 'A.5.32'],
      'owasp-nhi': [],
      'nist-ai-rmf': ['GOVERN 1.1'],
    },
  },
  {
    code: 'AI-04',
    title: 'Risk and impact assessment of AI systems',
    description:
      'Before an AI system goes live, or changes model or data sources, its team documents the risks and potential impacts (data leakage, prompt injection, harmful or wrong output, bias, over-reliance) with a depth set by its risk tier and the company’s risk tolerance. High-tier assessments are shared with support and sales so customer-facing staff know the limits.',
    ownerRole: 'Head of engineering',
    cadence: 'per-event',
    sourceOfTruth: 'Jira',
    requirements: [
      {
        code: 'AI-04-E1',
        artifact:
          'AI risk and impact assessment per AI system or material change, with tier, risks, mitigations and approver',
        cadence: 'per-event',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC3.2', 'CC3.4'],
      'nist-csf': ['ID.RA-04', 'ID.RA-05'],
      iso27001: ['A.5.8'],
      'owasp-nhi': [],
      'nist-ai-rmf': ['GOVERN 1.3', 'GOVERN 1.4', 'GOVERN 4.2'],
    },
  },
  {
    code: 'AI-05',
    title: 'AI governance roles and executive accountability',
    description:
      'An AI review group with members from engineering, security, legal, product and customer support owns AI risk, meets monthly and reviews the inventory, assessments, incidents and feedback; its charter says who decides what and how often the programme itself is reviewed. A named executive signs off the deployment of every high-tier AI system.',
    ownerRole: 'Head of engineering',
    cadence: 'semiannual',
    sourceOfTruth: 'Google Drive',
    requirements: [
      {
        code: 'AI-05-E1',
        artifact:
          'AI review group charter listing members and their disciplines, decision rights and review frequency',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
      {
        code: 'AI-05-E2',
        artifact: 'Meeting notes of the AI review group and executive sign-offs for high-tier AI deployments',
        cadence: 'quarterly',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC1.3', 'CC1.5'],
      'nist-csf': ['GV.RR-01', 'GV.RR-02', 'GV.OV-01'],
      iso27001: ['A.5.2'],
      'owasp-nhi': [],
      'nist-ai-rmf': ['GOVERN 1.5', 'GOVERN 2.1', 'GOVERN 2.3', 'GOVERN 3.1'],
    },
  },
  {
    code: 'AI-06',
    title: 'AI risk training',
    description:
      'All workers complete a short annual module on safe AI use and the AI use policy. Engineers and product managers who build AI features also complete training on AI-specific threats (prompt injection, data leakage through models, evaluation and monitoring).',
    ownerRole: 'Security lead',
    cadence: 'annual',
    sourceOfTruth: 'Learning management system',
    requirements: [
      {
        code: 'AI-06-E1',
        artifact: 'Completion export for the AI modules, general and role-based, per worker within 12 months',
        cadence: 'annual',
        sourceType: 'system-export',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC1.4', 'CC2.2'],
      'nist-csf': ['PR.AT-01', 'PR.AT-02'],
      iso27001: ['A.6.3'],
      'owasp-nhi': [],
      'nist-ai-rmf': ['GOVERN 2.2', 'GOVERN 4.1'],
    },
  },
  {
    code: 'AI-07',
    title: 'Human oversight and least-privilege AI agents',
    description:
      'For each AI feature the design states which decisions the AI may take alone, which need human approval and who can override or switch it off. AI agents and integrations run under their own dedicated, least-privilege non-human identities and cannot act with a user’s full rights.',
    ownerRole: 'Head of engineering',
    cadence: 'semiannual',
    sourceOfTruth: 'auditready',
    requirements: [
      {
        code: 'AI-07-E1',
        artifact:
          'Human-oversight section of each AI feature design with approval points and kill-switch owner',
        cadence: 'per-event',
        sourceType: 'document',
        collection: 'manual',
      },
      {
        code: 'AI-07-E2',
        artifact:
          'NHI inventory extract of identities used by AI agents with their permissions and reviewer decision',
        cadence: 'semiannual',
        sourceType: 'system-export',
        collection: 'manual',
      },
    ],
    mappings: {
      soc2: ['CC6.1', 'CC6.3'],
      'nist-csf': ['PR.AA-05', 'GV.RR-02'],
      iso27001: ['A.8.2', 'A.5.15'],
      'owasp-nhi': ['NHI5:2025', 'NHI9:2025'],
      'nist-ai-rmf': ['GOVERN 3.2'],
    },
  },
  {
    code: 'AI-08',
    title: 'Testing of AI features and AI incident handling',
    description:
      'AI features must pass an evaluation suite (task quality, prompt-injection and data-leakage tests) in CI before release, and results are kept with the release. AI-specific incidents (harmful output, data exposure through a model) are declared through the normal incident process with an AI tag and shared with the AI review group.',
    ownerRole: 'Engineering manager',
    cadence: 'per-event',
    sourceOfTruth: 'GitHub',
    requirements: [
      {
        code: 'AI-08-E1',
        artifact: 'Evaluation suite results attached to each release of an AI feature, with pass thresholds',
        cadence: 'per-event',
        sourceType: 'system-export',
        collection: 'connector',
      },
      {
        code: 'AI-08-E2',
        artifact: 'Incident log filtered on the AI tag with review group notes',
        cadence: 'quarterly',
        sourceType: 'system-export',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC8.1', 'CC7.3'],
      'nist-csf': ['PR.PS-06', 'ID.IM-02'],
      iso27001: ['A.8.29', 'A.5.24'],
      'owasp-nhi': [],
      'nist-ai-rmf': ['GOVERN 4.3'],
    },
  },
  {
    code: 'AI-09',
    title: 'Feedback on AI features from users and customers',
    description:
      'Users can flag AI output in the product and support tags AI-related tickets; the feature team triages this feedback weekly. The AI review group looks at trends each month and accepted items become backlog tickets that are tracked to release.',
    ownerRole: 'Engineering manager',
    cadence: 'monthly',
    sourceOfTruth: 'Jira',
    requirements: [
      {
        code: 'AI-09-E1',
        artifact: 'Monthly AI feedback summary with counts, themes and the backlog tickets created from it',
        cadence: 'monthly',
        sourceType: 'ticket-history',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC2.3'],
      'nist-csf': ['GV.OC-02', 'ID.IM-03'],
      iso27001: ['A.8.25'],
      'owasp-nhi': [],
      'nist-ai-rmf': ['GOVERN 5.1', 'GOVERN 5.2'],
    },
  },
  {
    code: 'AI-10',
    title: 'Third-party AI provider review and fallback',
    description:
      'Model and AI tool providers are assessed as vendors with extra checks: data retention and training on inputs, IP indemnity and licence terms for models and training data, and security certifications. Each high-tier AI feature has a tested fallback (alternate provider or feature flag) for provider outage or misbehaviour.',
    ownerRole: 'Compliance lead',
    cadence: 'annual',
    sourceOfTruth: 'auditready',
    requirements: [
      {
        code: 'AI-10-E1',
        artifact:
          'Vendor review record per AI provider covering data use, training opt-out, IP terms and certifications',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
      {
        code: 'AI-10-E2',
        artifact: 'Fallback test record per high-tier AI feature showing the switch to the alternate path',
        cadence: 'annual',
        sourceType: 'ticket-history',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC9.2', 'CC9.1'],
      'nist-csf': ['GV.SC-06', 'GV.SC-07'],
      iso27001: ['A.5.19', 'A.5.23'],
      'owasp-nhi': [],
      'nist-ai-rmf': ['GOVERN 6.1', 'GOVERN 6.2'],
    },
  },
  {
    code: 'AI-11',
    title: 'Decommissioning of AI systems',
    description:
      'Retiring an AI system or model follows a checklist: switch the feature off behind its flag, tell affected customers, delete prompts, embeddings and fine-tuning data per the retention schedule, revoke its API keys and service identities, and mark it retired in the inventory. The checklist ticket is reviewed by security.',
    ownerRole: 'Head of engineering',
    cadence: 'per-event',
    sourceOfTruth: 'Jira',
    requirements: [
      {
        code: 'AI-11-E1',
        artifact:
          'Decommission ticket per retired AI system with each checklist step, credentials revoked and data deletion output',
        cadence: 'per-event',
        sourceType: 'ticket-history',
        collection: 'import',
      },
    ],
    mappings: {
      soc2: ['CC8.1', 'C1.2'],
      'nist-csf': ['ID.AM-08'],
      iso27001: ['A.8.10'],
      'owasp-nhi': ['NHI1:2025'],
      'nist-ai-rmf': ['GOVERN 1.7'],
    },
  },
];
