// Category and subcategory text is NIST's (NIST AI 100-1, public domain), verbatim including its
// typographic apostrophes. Titles are auditready's own. Only the GOVERN function is shipped.
import type { FrameworkCatalog } from '../types.js';

/** NIST AI Risk Management Framework 1.0: the GOVERN function's categories and subcategories. */
export const nistAiRmf: FrameworkCatalog = {
  id: 'nist-ai-rmf',
  name: 'NIST AI Risk Management Framework (GOVERN)',
  version: '1.0',
  publisher: 'NIST',
  attribution:
    "NIST AI Risk Management Framework (AI RMF 1.0), NIST AI 100-1 (January 2023), Core, GOVERN function. A work of the US Government, public domain in the United States. Category and subcategory text as published by NIST; short titles are auditready's own.",
  url: 'https://doi.org/10.6028/NIST.AI.100-1',
  groups: [
    {
      code: 'GOVERN 1',
      title: 'Policies, processes and practices for AI risk',
      description:
        'Policies, processes, procedures, and practices across the organization related to the mapping, measuring, and managing of AI risks are in place, transparent, and implemented effectively.',
    },
    {
      code: 'GOVERN 2',
      title: 'Accountability structures',
      description:
        'Accountability structures are in place so that the appropriate teams and individuals are empowered, responsible, and trained for mapping, measuring, and managing AI risks.',
    },
    {
      code: 'GOVERN 3',
      title: 'Workforce diversity, equity, inclusion and accessibility',
      description:
        'Workforce diversity, equity, inclusion, and accessibility processes are prioritized in the mapping, measuring, and managing of AI risks throughout the lifecycle.',
    },
    {
      code: 'GOVERN 4',
      title: 'Culture that considers and communicates AI risk',
      description: 'Organizational teams are committed to a culture that considers and communicates AI risk.',
    },
    {
      code: 'GOVERN 5',
      title: 'Engagement with relevant AI actors',
      description: 'Processes are in place for robust engagement with relevant AI actors.',
    },
    {
      code: 'GOVERN 6',
      title: 'Third-party and supply chain AI risk',
      description:
        'Policies and procedures are in place to address AI risks and benefits arising from third-party software and data and other supply chain issues.',
    },
  ],
  criteria: [
    {
      code: 'GOVERN 1.1',
      group: 'GOVERN 1',
      title: 'Legal and regulatory requirements for AI',
      description: 'Legal and regulatory requirements involving AI are understood, managed, and documented.',
    },
    {
      code: 'GOVERN 1.2',
      group: 'GOVERN 1',
      title: 'Trustworthy AI in organizational policies',
      description:
        'The characteristics of trustworthy AI are integrated into organizational policies, processes, procedures, and practices.',
    },
    {
      code: 'GOVERN 1.3',
      group: 'GOVERN 1',
      title: 'Risk management level based on risk tolerance',
      description:
        "Processes, procedures, and practices are in place to determine the needed level of risk management activities based on the organization's risk tolerance.",
    },
    {
      code: 'GOVERN 1.4',
      group: 'GOVERN 1',
      title: 'Transparent risk management policies and controls',
      description:
        'The risk management process and its outcomes are established through transparent policies, procedures, and other controls based on organizational risk priorities.',
    },
    {
      code: 'GOVERN 1.5',
      group: 'GOVERN 1',
      title: 'Monitoring and periodic review of AI risk management',
      description:
        'Ongoing monitoring and periodic review of the risk management process and its outcomes are planned and organizational roles and responsibilities clearly defined, including determining the frequency of periodic review.',
    },
    {
      code: 'GOVERN 1.6',
      group: 'GOVERN 1',
      title: 'AI system inventory',
      description:
        'Mechanisms are in place to inventory AI systems and are resourced according to organizational risk priorities.',
    },
    {
      code: 'GOVERN 1.7',
      group: 'GOVERN 1',
      title: 'Safe decommissioning of AI systems',
      description:
        'Processes and procedures are in place for decommissioning and phasing out AI systems safely and in a manner that does not increase risks or decrease the organization’s trustworthiness.',
    },
    {
      code: 'GOVERN 2.1',
      group: 'GOVERN 2',
      title: 'AI risk roles, responsibilities and communication lines',
      description:
        'Roles and responsibilities and lines of communication related to mapping, measuring, and managing AI risks are documented and are clear to individuals and teams throughout the organization.',
    },
    {
      code: 'GOVERN 2.2',
      group: 'GOVERN 2',
      title: 'AI risk management training',
      description:
        'The organization’s personnel and partners receive AI risk management training to enable them to perform their duties and responsibilities consistent with related policies, procedures, and agreements.',
    },
    {
      code: 'GOVERN 2.3',
      group: 'GOVERN 2',
      title: 'Executive responsibility for AI risk decisions',
      description:
        'Executive leadership of the organization takes responsibility for decisions about risks associated with AI system development and deployment.',
    },
    {
      code: 'GOVERN 3.1',
      group: 'GOVERN 3',
      title: 'Diverse teams inform AI risk decisions',
      description:
        'Decision-making related to mapping, measuring, and managing AI risks throughout the lifecycle is informed by a diverse team (e.g., diversity of demographics, disciplines, experience, expertise, and backgrounds).',
    },
    {
      code: 'GOVERN 3.2',
      group: 'GOVERN 3',
      title: 'Roles for human-AI configurations and oversight',
      description:
        'Policies and procedures are in place to define and differentiate roles and responsibilities for human-AI configurations and oversight of AI systems.',
    },
    {
      code: 'GOVERN 4.1',
      group: 'GOVERN 4',
      title: 'Critical thinking and safety-first mindset',
      description:
        'Organizational policies and practices are in place to foster a critical thinking and safety-first mindset in the design, development, deployment, and uses of AI systems to minimize potential negative impacts.',
    },
    {
      code: 'GOVERN 4.2',
      group: 'GOVERN 4',
      title: 'AI risks and impacts documented and communicated',
      description:
        'Organizational teams document the risks and potential impacts of the AI technology they design, develop, deploy, evaluate, and use, and they communicate about the impacts more broadly.',
    },
    {
      code: 'GOVERN 4.3',
      group: 'GOVERN 4',
      title: 'AI testing, incident identification and information sharing',
      description:
        'Organizational practices are in place to enable AI testing, identification of incidents, and information sharing.',
    },
    {
      code: 'GOVERN 5.1',
      group: 'GOVERN 5',
      title: 'External feedback on AI impacts',
      description:
        'Organizational policies and practices are in place to collect, consider, prioritize, and integrate feedback from those external to the team that developed or deployed the AI system regarding the potential individual and societal impacts related to AI risks.',
    },
    {
      code: 'GOVERN 5.2',
      group: 'GOVERN 5',
      title: 'Adjudicated feedback incorporated into AI systems',
      description:
        'Mechanisms are established to enable the team that developed or deployed AI systems to regularly incorporate adjudicated feedback from relevant AI actors into system design and implementation.',
    },
    {
      code: 'GOVERN 6.1',
      group: 'GOVERN 6',
      title: 'Third-party AI risks, including intellectual property',
      description:
        'Policies and procedures are in place that address AI risks associated with third-party entities, including risks of infringement of a third-party’s intellectual property or other rights.',
    },
    {
      code: 'GOVERN 6.2',
      group: 'GOVERN 6',
      title: 'Contingency for high-risk third-party data or AI failures',
      description:
        'Contingency processes are in place to handle failures or incidents in third-party data or AI systems deemed to be high-risk.',
    },
  ],
};
