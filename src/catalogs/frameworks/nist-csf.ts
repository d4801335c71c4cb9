// Function, category and subcategory text is NIST's (public domain), converted from the
// NIST CSF 2.0 Reference Tool export of 2025-06-02. Subcategory titles are auditready's own.
// Withdrawn CSF 1.1 elements are deliberately absent.
import type { FrameworkCatalog } from '../types.js';

/** NIST Cybersecurity Framework 2.0 core: functions, categories and subcategories (withdrawn items left out). */
export const nistCsf: FrameworkCatalog = {
  id: 'nist-csf',
  name: 'NIST Cybersecurity Framework',
  version: '2.0',
  publisher: 'NIST',
  attribution:
    "NIST Cybersecurity Framework (CSF) 2.0, NIST CSWP 29 (February 2024). A work of the US Government, public domain in the United States. Function, category and subcategory text as published by NIST; short subcategory titles are auditready's own.",
  url: 'https://doi.org/10.6028/NIST.CSWP.29',
  groups: [
    {
      code: 'GV',
      title: 'GOVERN',
      description:
        "The organization's cybersecurity risk management strategy, expectations, and policy are established, communicated, and monitored",
    },
    {
      code: 'ID',
      title: 'IDENTIFY',
      description: "The organization's current cybersecurity risks are understood",
    },
    {
      code: 'PR',
      title: 'PROTECT',
      description: "Safeguards to manage the organization's cybersecurity risks are used",
    },
    {
      code: 'DE',
      title: 'DETECT',
      description: 'Possible cybersecurity attacks and compromises are found and analyzed',
    },
    {
      code: 'RS',
      title: 'RESPOND',
      description: 'Actions regarding a detected cybersecurity incident are taken',
    },
    {
      code: 'RC',
      title: 'RECOVER',
      description: 'Assets and operations affected by a cybersecurity incident are restored',
    },
    {
      code: 'GV.OC',
      title: 'Organizational Context',
      parent: 'GV',
      description:
        "The circumstances - mission, stakeholder expectations, dependencies, and legal, regulatory, and contractual requirements - surrounding the organization's cybersecurity risk management decisions are understood",
    },
    {
      code: 'GV.RM',
      title: 'Risk Management Strategy',
      parent: 'GV',
      description:
        "The organization's priorities, constraints, risk tolerance and appetite statements, and assumptions are established, communicated, and used to support operational risk decisions",
    },
    {
      code: 'GV.RR',
      title: 'Roles, Responsibilities, and Authorities',
      parent: 'GV',
      description:
        'Cybersecurity roles, responsibilities, and authorities to foster accountability, performance assessment, and continuous improvement are established and communicated',
    },
    {
      code: 'GV.PO',
      title: 'Policy',
      parent: 'GV',
      description: 'Organizational cybersecurity policy is established, communicated, and enforced',
    },
    {
      code: 'GV.OV',
      title: 'Oversight',
      parent: 'GV',
      description:
        'Results of organization-wide cybersecurity risk management activities and performance are used to inform, improve, and adjust the risk management strategy',
    },
    {
      code: 'GV.SC',
      title: 'Cybersecurity Supply Chain Risk Management',
      parent: 'GV',
      description:
        'Cyber supply chain risk management processes are identified, established, managed, monitored, and improved by organizational stakeholders',
    },
    {
      code: 'ID.AM',
      title: 'Asset Management',
      parent: 'ID',
      description:
        "Assets (e.g., data, hardware, software, systems, facilities, services, people) that enable the organization to achieve business purposes are identified and managed consistent with their relative importance to organizational objectives and the organization's risk strategy",
    },
    {
      code: 'ID.RA',
      title: 'Risk Assessment',
      parent: 'ID',
      description:
        'The cybersecurity risk to the organization, assets, and individuals is understood by the organization',
    },
    {
      code: 'ID.IM',
      title: 'Improvement',
      parent: 'ID',
      description:
        'Improvements to organizational cybersecurity risk management processes, procedures and activities are identified across all CSF Functions',
    },
    {
      code: 'PR.AA',
      title: 'Identity Management, Authentication, and Access Control',
      parent: 'PR',
      description:
        'Access to physical and logical assets is limited to authorized users, services, and hardware and managed commensurate with the assessed risk of unauthorized access',
    },
    {
      code: 'PR.AT',
      title: 'Awareness and Training',
      parent: 'PR',
      description:
        "The organization's personnel are provided with cybersecurity awareness and training so that they can perform their cybersecurity-related tasks",
    },
    {
      code: 'PR.DS',
      title: 'Data Security',
      parent: 'PR',
      description:
        "Data are managed consistent with the organization's risk strategy to protect the confidentiality, integrity, and availability of information",
    },
    {
      code: 'PR.PS',
      title: 'Platform Security',
      parent: 'PR',
      description:
        "The hardware, software (e.g., firmware, operating systems, applications), and services of physical and virtual platforms are managed consistent with the organization's risk strategy to protect their confidentiality, integrity, and availability",
    },
    {
      code: 'PR.IR',
      title: 'Technology Infrastructure Resilience',
      parent: 'PR',
      description:
        "Security architectures are managed with the organization's risk strategy to protect asset confidentiality, integrity, and availability, and organizational resilience",
    },
    {
      code: 'DE.CM',
      title: 'Continuous Monitoring',
      parent: 'DE',
      description:
        'Assets are monitored to find anomalies, indicators of compromise, and other potentially adverse events',
    },
    {
      code: 'DE.AE',
      title: 'Adverse Event Analysis',
      parent: 'DE',
      description:
        'Anomalies, indicators of compromise, and other potentially adverse events are analyzed to characterize the events and detect cybersecurity incidents',
    },
    {
      code: 'RS.MA',
      title: 'Incident Management',
      parent: 'RS',
      description: 'Responses to detected cybersecurity incidents are managed',
    },
    {
      code: 'RS.AN',
      title: 'Incident Analysis',
      parent: 'RS',
      description:
        'Investigations are conducted to ensure effective response and support forensics and recovery activities',
    },
    {
      code: 'RS.CO',
      title: 'Incident Response Reporting and Communication',
      parent: 'RS',
      description:
        'Response activities are coordinated with internal and external stakeholders as required by laws, regulations, or policies',
    },
    {
      code: 'RS.MI',
      title: 'Incident Mitigation',
      parent: 'RS',
      description: 'Activities are performed to prevent expansion of an event and mitigate its effects',
    },
    {
      code: 'RC.RP',
      title: 'Incident Recovery Plan Execution',
      parent: 'RC',
      description:
        'Restoration activities are performed to ensure operational availability of systems and services affected by cybersecurity incidents',
    },
    {
      code: 'RC.CO',
      title: 'Incident Recovery Communication',
      parent: 'RC',
      description: 'Restoration activities are coordinated with internal and external parties',
    },
  ],
  criteria: [
    {
      code: 'GV.OC-01',
      group: 'GV.OC',
      title: 'Mission informs cybersecurity risk management',
      description: 'The organizational mission is understood and informs cybersecurity risk management',
    },
    {
      code: 'GV.OC-02',
      group: 'GV.OC',
      title: 'Stakeholder needs and expectations understood',
      description:
        'Internal and external stakeholders are understood, and their needs and expectations regarding cybersecurity risk management are understood and considered',
    },
    {
      code: 'GV.OC-03',
      group: 'GV.OC',
      title: 'Legal, regulatory and contractual requirements managed',
      description:
        'Legal, regulatory, and contractual requirements regarding cybersecurity - including privacy and civil liberties obligations - are understood and managed',
    },
    {
      code: 'GV.OC-04',
      group: 'GV.OC',
      title: 'Services that external stakeholders depend on understood',
      description:
        'Critical objectives, capabilities, and services that external stakeholders depend on or expect from the organization are understood and communicated',
    },
    {
      code: 'GV.OC-05',
      group: 'GV.OC',
      title: 'Organizational dependencies understood',
      description:
        'Outcomes, capabilities, and services that the organization depends on are understood and communicated',
    },
    {
      code: 'GV.RM-01',
      group: 'GV.RM',
      title: 'Risk management objectives agreed',
      description: 'Risk management objectives are established and agreed to by organizational stakeholders',
    },
    {
      code: 'GV.RM-02',
      group: 'GV.RM',
      title: 'Risk appetite and tolerance statements',
      description:
        'Risk appetite and risk tolerance statements are established, communicated, and maintained',
    },
    {
      code: 'GV.RM-03',
      group: 'GV.RM',
      title: 'Cybersecurity risk in enterprise risk management',
      description:
        'Cybersecurity risk management activities and outcomes are included in enterprise risk management processes',
    },
    {
      code: 'GV.RM-04',
      group: 'GV.RM',
      title: 'Strategic direction for risk response',
      description:
        'Strategic direction that describes appropriate risk response options is established and communicated',
    },
    {
      code: 'GV.RM-05',
      group: 'GV.RM',
      title: 'Lines of communication for cybersecurity risk',
      description:
        'Lines of communication across the organization are established for cybersecurity risks, including risks from suppliers and other third parties',
    },
    {
      code: 'GV.RM-06',
      group: 'GV.RM',
      title: 'Standard method for calculating and prioritizing risk',
      description:
        'A standardized method for calculating, documenting, categorizing, and prioritizing cybersecurity risks is established and communicated',
    },
    {
      code: 'GV.RM-07',
      group: 'GV.RM',
      title: 'Strategic opportunities (positive risks)',
      description:
        'Strategic opportunities (i.e., positive risks) are characterized and are included in organizational cybersecurity risk discussions',
    },
    {
      code: 'GV.RR-01',
      group: 'GV.RR',
      title: 'Leadership accountability and risk-aware culture',
      description:
        'Organizational leadership is responsible and accountable for cybersecurity risk and fosters a culture that is risk-aware, ethical, and continually improving',
    },
    {
      code: 'GV.RR-02',
      group: 'GV.RR',
      title: 'Cybersecurity roles, responsibilities and authorities',
      description:
        'Roles, responsibilities, and authorities related to cybersecurity risk management are established, communicated, understood, and enforced',
    },
    {
      code: 'GV.RR-03',
      group: 'GV.RR',
      title: 'Adequate resources for cybersecurity',
      description:
        'Adequate resources are allocated commensurate with the cybersecurity risk strategy, roles, responsibilities, and policies',
    },
    {
      code: 'GV.RR-04',
      group: 'GV.RR',
      title: 'Cybersecurity in human resources practices',
      description: 'Cybersecurity is included in human resources practices',
    },
    {
      code: 'GV.PO-01',
      group: 'GV.PO',
      title: 'Cybersecurity risk policy established',
      description:
        'Policy for managing cybersecurity risks is established based on organizational context, cybersecurity strategy, and priorities and is communicated and enforced',
    },
    {
      code: 'GV.PO-02',
      group: 'GV.PO',
      title: 'Cybersecurity risk policy reviewed and updated',
      description:
        'Policy for managing cybersecurity risks is reviewed, updated, communicated, and enforced to reflect changes in requirements, threats, technology, and organizational mission',
    },
    {
      code: 'GV.OV-01',
      group: 'GV.OV',
      title: 'Strategy outcomes reviewed',
      description:
        'Cybersecurity risk management strategy outcomes are reviewed to inform and adjust strategy and direction',
    },
    {
      code: 'GV.OV-02',
      group: 'GV.OV',
      title: 'Strategy coverage reviewed and adjusted',
      description:
        'The cybersecurity risk management strategy is reviewed and adjusted to ensure coverage of organizational requirements and risks',
    },
    {
      code: 'GV.OV-03',
      group: 'GV.OV',
      title: 'Risk management performance evaluated',
      description:
        'Organizational cybersecurity risk management performance is evaluated and reviewed for adjustments needed',
    },
    {
      code: 'GV.SC-01',
      group: 'GV.SC',
      title: 'Supply chain risk management program',
      description:
        'A cybersecurity supply chain risk management program, strategy, objectives, policies, and processes are established and agreed to by organizational stakeholders',
    },
    {
      code: 'GV.SC-02',
      group: 'GV.SC',
      title: 'Supplier, customer and partner cybersecurity roles',
      description:
        'Cybersecurity roles and responsibilities for suppliers, customers, and partners are established, communicated, and coordinated internally and externally',
    },
    {
      code: 'GV.SC-03',
      group: 'GV.SC',
      title: 'Supply chain risk in enterprise risk processes',
      description:
        'Cybersecurity supply chain risk management is integrated into cybersecurity and enterprise risk management, risk assessment, and improvement processes',
    },
    {
      code: 'GV.SC-04',
      group: 'GV.SC',
      title: 'Suppliers known and prioritized by criticality',
      description: 'Suppliers are known and prioritized by criticality',
    },
    {
      code: 'GV.SC-05',
      group: 'GV.SC',
      title: 'Cybersecurity requirements in supplier agreements',
      description:
        'Requirements to address cybersecurity risks in supply chains are established, prioritized, and integrated into contracts and other types of agreements with suppliers and other relevant third parties',
    },
    {
      code: 'GV.SC-06',
      group: 'GV.SC',
      title: 'Due diligence before third-party relationships',
      description:
        'Planning and due diligence are performed to reduce risks before entering into formal supplier or other third-party relationships',
    },
    {
      code: 'GV.SC-07',
      group: 'GV.SC',
      title: 'Supplier risk managed throughout the relationship',
      description:
        'The risks posed by a supplier, their products and services, and other third parties are understood, recorded, prioritized, assessed, responded to, and monitored over the course of the relationship',
    },
    {
      code: 'GV.SC-08',
      group: 'GV.SC',
      title: 'Suppliers included in incident planning and recovery',
      description:
        'Relevant suppliers and other third parties are included in incident planning, response, and recovery activities',
    },
    {
      code: 'GV.SC-09',
      group: 'GV.SC',
      title: 'Supply chain security across the product life cycle',
      description:
        'Supply chain security practices are integrated into cybersecurity and enterprise risk management programs, and their performance is monitored throughout the technology product and service life cycle',
    },
    {
      code: 'GV.SC-10',
      group: 'GV.SC',
      title: 'Activities after a supplier relationship ends',
      description:
        'Cybersecurity supply chain risk management plans include provisions for activities that occur after the conclusion of a partnership or service agreement',
    },
    {
      code: 'ID.AM-01',
      group: 'ID.AM',
      title: 'Hardware inventory',
      description: 'Inventories of hardware managed by the organization are maintained',
    },
    {
      code: 'ID.AM-02',
      group: 'ID.AM',
      title: 'Software, services and systems inventory',
      description:
        'Inventories of software, services, and systems managed by the organization are maintained',
    },
    {
      code: 'ID.AM-03',
      group: 'ID.AM',
      title: 'Network communication and data flows',
      description:
        "Representations of the organization's authorized network communication and internal and external network data flows are maintained",
    },
    {
      code: 'ID.AM-04',
      group: 'ID.AM',
      title: 'Supplier services inventory',
      description: 'Inventories of services provided by suppliers are maintained',
    },
    {
      code: 'ID.AM-05',
      group: 'ID.AM',
      title: 'Asset prioritization',
      description:
        'Assets are prioritized based on classification, criticality, resources, and impact on the mission',
    },
    {
      code: 'ID.AM-07',
      group: 'ID.AM',
      title: 'Data inventory and metadata',
      description: 'Inventories of data and corresponding metadata for designated data types are maintained',
    },
    {
      code: 'ID.AM-08',
      group: 'ID.AM',
      title: 'Asset life-cycle management',
      description: 'Systems, hardware, software, services, and data are managed throughout their life cycles',
    },
    {
      code: 'ID.RA-01',
      group: 'ID.RA',
      title: 'Vulnerabilities identified and recorded',
      description: 'Vulnerabilities in assets are identified, validated, and recorded',
    },
    {
      code: 'ID.RA-02',
      group: 'ID.RA',
      title: 'Cyber threat intelligence received',
      description: 'Cyber threat intelligence is received from information sharing forums and sources',
    },
    {
      code: 'ID.RA-03',
      group: 'ID.RA',
      title: 'Threats identified and recorded',
      description: 'Internal and external threats to the organization are identified and recorded',
    },
    {
      code: 'ID.RA-04',
      group: 'ID.RA',
      title: 'Impacts and likelihoods identified',
      description:
        'Potential impacts and likelihoods of threats exploiting vulnerabilities are identified and recorded',
    },
    {
      code: 'ID.RA-05',
      group: 'ID.RA',
      title: 'Inherent risk understood and prioritized',
      description:
        'Threats, vulnerabilities, likelihoods, and impacts are used to understand inherent risk and inform risk response prioritization',
    },
    {
      code: 'ID.RA-06',
      group: 'ID.RA',
      title: 'Risk responses chosen, planned and tracked',
      description: 'Risk responses are chosen, prioritized, planned, tracked, and communicated',
    },
    {
      code: 'ID.RA-07',
      group: 'ID.RA',
      title: 'Changes and exceptions assessed for risk',
      description: 'Changes and exceptions are managed, assessed for risk impact, recorded, and tracked',
    },
    {
      code: 'ID.RA-08',
      group: 'ID.RA',
      title: 'Vulnerability disclosure handling',
      description:
        'Processes for receiving, analyzing, and responding to vulnerability disclosures are established',
    },
    {
      code: 'ID.RA-09',
      group: 'ID.RA',
      title: 'Hardware and software authenticity and integrity',
      description:
        'The authenticity and integrity of hardware and software are assessed prior to acquisition and use',
    },
    {
      code: 'ID.RA-10',
      group: 'ID.RA',
      title: 'Critical suppliers assessed before acquisition',
      description: 'Critical suppliers are assessed prior to acquisition',
    },
    {
      code: 'ID.IM-01',
      group: 'ID.IM',
      title: 'Improvements from evaluations',
      description: 'Improvements are identified from evaluations',
    },
    {
      code: 'ID.IM-02',
      group: 'ID.IM',
      title: 'Improvements from tests and exercises',
      description:
        'Improvements are identified from security tests and exercises, including those done in coordination with suppliers and relevant third parties',
    },
    {
      code: 'ID.IM-03',
      group: 'ID.IM',
      title: 'Improvements from operational processes',
      description:
        'Improvements are identified from execution of operational processes, procedures, and activities',
    },
    {
      code: 'ID.IM-04',
      group: 'ID.IM',
      title: 'Incident response and other plans maintained',
      description:
        'Incident response plans and other cybersecurity plans that affect operations are established, communicated, maintained, and improved',
    },
    {
      code: 'PR.AA-01',
      group: 'PR.AA',
      title: 'Identities and credentials managed',
      description:
        'Identities and credentials for authorized users, services, and hardware are managed by the organization',
    },
    {
      code: 'PR.AA-02',
      group: 'PR.AA',
      title: 'Identity proofing',
      description: 'Identities are proofed and bound to credentials based on the context of interactions',
    },
    {
      code: 'PR.AA-03',
      group: 'PR.AA',
      title: 'Users, services and hardware authenticated',
      description: 'Users, services, and hardware are authenticated',
    },
    {
      code: 'PR.AA-04',
      group: 'PR.AA',
      title: 'Identity assertions protected',
      description: 'Identity assertions are protected, conveyed, and verified',
    },
    {
      code: 'PR.AA-05',
      group: 'PR.AA',
      title: 'Access permissions with least privilege',
      description:
        'Access permissions, entitlements, and authorizations are defined in a policy, managed, enforced, and reviewed, and incorporate the principles of least privilege and separation of duties',
    },
    {
      code: 'PR.AA-06',
      group: 'PR.AA',
      title: 'Physical access managed',
      description: 'Physical access to assets is managed, monitored, and enforced commensurate with risk',
    },
    {
      code: 'PR.AT-01',
      group: 'PR.AT',
      title: 'General awareness and training',
      description:
        'Personnel are provided with awareness and training so that they possess the knowledge and skills to perform general tasks with cybersecurity risks in mind',
    },
    {
      code: 'PR.AT-02',
      group: 'PR.AT',
      title: 'Training for specialized roles',
      description:
        'Individuals in specialized roles are provided with awareness and training so that they possess the knowledge and skills to perform relevant tasks with cybersecurity risks in mind',
    },
    {
      code: 'PR.DS-01',
      group: 'PR.DS',
      title: 'Data-at-rest protected',
      description: 'The confidentiality, integrity, and availability of data-at-rest are protected',
    },
    {
      code: 'PR.DS-02',
      group: 'PR.DS',
      title: 'Data-in-transit protected',
      description: 'The confidentiality, integrity, and availability of data-in-transit are protected',
    },
    {
      code: 'PR.DS-10',
      group: 'PR.DS',
      title: 'Data-in-use protected',
      description: 'The confidentiality, integrity, and availability of data-in-use are protected',
    },
    {
      code: 'PR.DS-11',
      group: 'PR.DS',
      title: 'Data backups',
      description: 'Backups of data are created, protected, maintained, and tested',
    },
    {
      code: 'PR.PS-01',
      group: 'PR.PS',
      title: 'Configuration management',
      description: 'Configuration management practices are established and applied',
    },
    {
      code: 'PR.PS-02',
      group: 'PR.PS',
      title: 'Software maintained and removed by risk',
      description: 'Software is maintained, replaced, and removed commensurate with risk',
    },
    {
      code: 'PR.PS-03',
      group: 'PR.PS',
      title: 'Hardware maintained and removed by risk',
      description: 'Hardware is maintained, replaced, and removed commensurate with risk',
    },
    {
      code: 'PR.PS-04',
      group: 'PR.PS',
      title: 'Log records for continuous monitoring',
      description: 'Log records are generated and made available for continuous monitoring',
    },
    {
      code: 'PR.PS-05',
      group: 'PR.PS',
      title: 'Unauthorized software prevented',
      description: 'Installation and execution of unauthorized software are prevented',
    },
    {
      code: 'PR.PS-06',
      group: 'PR.PS',
      title: 'Secure software development',
      description:
        'Secure software development practices are integrated, and their performance is monitored throughout the software development life cycle',
    },
    {
      code: 'PR.IR-01',
      group: 'PR.IR',
      title: 'Networks protected from unauthorized access',
      description: 'Networks and environments are protected from unauthorized logical access and usage',
    },
    {
      code: 'PR.IR-02',
      group: 'PR.IR',
      title: 'Protection from environmental threats',
      description: "The organization's technology assets are protected from environmental threats",
    },
    {
      code: 'PR.IR-03',
      group: 'PR.IR',
      title: 'Resilience mechanisms',
      description:
        'Mechanisms are implemented to achieve resilience requirements in normal and adverse situations',
    },
    {
      code: 'PR.IR-04',
      group: 'PR.IR',
      title: 'Adequate resource capacity',
      description: 'Adequate resource capacity to ensure availability is maintained',
    },
    {
      code: 'DE.CM-01',
      group: 'DE.CM',
      title: 'Networks monitored',
      description: 'Networks and network services are monitored to find potentially adverse events',
    },
    {
      code: 'DE.CM-02',
      group: 'DE.CM',
      title: 'Physical environment monitored',
      description: 'The physical environment is monitored to find potentially adverse events',
    },
    {
      code: 'DE.CM-03',
      group: 'DE.CM',
      title: 'Personnel activity and technology usage monitored',
      description: 'Personnel activity and technology usage are monitored to find potentially adverse events',
    },
    {
      code: 'DE.CM-06',
      group: 'DE.CM',
      title: 'External service providers monitored',
      description:
        'External service provider activities and services are monitored to find potentially adverse events',
    },
    {
      code: 'DE.CM-09',
      group: 'DE.CM',
      title: 'Computing and runtime environments monitored',
      description:
        'Computing hardware and software, runtime environments, and their data are monitored to find potentially adverse events',
    },
    {
      code: 'DE.AE-02',
      group: 'DE.AE',
      title: 'Adverse events analyzed',
      description: 'Potentially adverse events are analyzed to better understand associated activities',
    },
    {
      code: 'DE.AE-03',
      group: 'DE.AE',
      title: 'Information correlated across sources',
      description: 'Information is correlated from multiple sources',
    },
    {
      code: 'DE.AE-04',
      group: 'DE.AE',
      title: 'Impact and scope of adverse events understood',
      description: 'The estimated impact and scope of adverse events are understood',
    },
    {
      code: 'DE.AE-06',
      group: 'DE.AE',
      title: 'Adverse event information shared with staff and tools',
      description: 'Information on adverse events is provided to authorized staff and tools',
    },
    {
      code: 'DE.AE-07',
      group: 'DE.AE',
      title: 'Threat intelligence integrated into analysis',
      description:
        'Cyber threat intelligence and other contextual information are integrated into the analysis',
    },
    {
      code: 'DE.AE-08',
      group: 'DE.AE',
      title: 'Incidents declared against defined criteria',
      description: 'Incidents are declared when adverse events meet the defined incident criteria',
    },
    {
      code: 'RS.MA-01',
      group: 'RS.MA',
      title: 'Incident response plan executed',
      description:
        'The incident response plan is executed in coordination with relevant third parties once an incident is declared',
    },
    {
      code: 'RS.MA-02',
      group: 'RS.MA',
      title: 'Incident reports triaged and validated',
      description: 'Incident reports are triaged and validated',
    },
    {
      code: 'RS.MA-03',
      group: 'RS.MA',
      title: 'Incidents categorized and prioritized',
      description: 'Incidents are categorized and prioritized',
    },
    {
      code: 'RS.MA-04',
      group: 'RS.MA',
      title: 'Incidents escalated as needed',
      description: 'Incidents are escalated or elevated as needed',
    },
    {
      code: 'RS.MA-05',
      group: 'RS.MA',
      title: 'Incident recovery criteria applied',
      description: 'The criteria for initiating incident recovery are applied',
    },
    {
      code: 'RS.AN-03',
      group: 'RS.AN',
      title: 'Incident root cause analysis',
      description:
        'Analysis is performed to establish what has taken place during an incident and the root cause of the incident',
    },
    {
      code: 'RS.AN-06',
      group: 'RS.AN',
      title: 'Investigation actions recorded',
      description:
        "Actions performed during an investigation are recorded, and the records' integrity and provenance are preserved",
    },
    {
      code: 'RS.AN-07',
      group: 'RS.AN',
      title: 'Incident data and metadata preserved',
      description:
        'Incident data and metadata are collected, and their integrity and provenance are preserved',
    },
    {
      code: 'RS.AN-08',
      group: 'RS.AN',
      title: 'Incident magnitude estimated',
      description: "An incident's magnitude is estimated and validated",
    },
    {
      code: 'RS.CO-02',
      group: 'RS.CO',
      title: 'Stakeholders notified of incidents',
      description: 'Internal and external stakeholders are notified of incidents',
    },
    {
      code: 'RS.CO-03',
      group: 'RS.CO',
      title: 'Information shared with designated stakeholders',
      description: 'Information is shared with designated internal and external stakeholders',
    },
    {
      code: 'RS.MI-01',
      group: 'RS.MI',
      title: 'Incidents contained',
      description: 'Incidents are contained',
    },
    {
      code: 'RS.MI-02',
      group: 'RS.MI',
      title: 'Incidents eradicated',
      description: 'Incidents are eradicated',
    },
    {
      code: 'RC.RP-01',
      group: 'RC.RP',
      title: 'Recovery plan executed',
      description:
        'The recovery portion of the incident response plan is executed once initiated from the incident response process',
    },
    {
      code: 'RC.RP-02',
      group: 'RC.RP',
      title: 'Recovery actions selected and performed',
      description: 'Recovery actions are selected, scoped, prioritized, and performed',
    },
    {
      code: 'RC.RP-03',
      group: 'RC.RP',
      title: 'Backups verified before restoration',
      description:
        'The integrity of backups and other restoration assets is verified before using them for restoration',
    },
    {
      code: 'RC.RP-04',
      group: 'RC.RP',
      title: 'Post-incident operational norms established',
      description:
        'Critical mission functions and cybersecurity risk management are considered to establish post-incident operational norms',
    },
    {
      code: 'RC.RP-05',
      group: 'RC.RP',
      title: 'Restored assets verified and operations confirmed',
      description:
        'The integrity of restored assets is verified, systems and services are restored, and normal operating status is confirmed',
    },
    {
      code: 'RC.RP-06',
      group: 'RC.RP',
      title: 'End of incident recovery declared',
      description:
        'The end of incident recovery is declared based on criteria, and incident-related documentation is completed',
    },
    {
      code: 'RC.CO-03',
      group: 'RC.CO',
      title: 'Recovery progress communicated',
      description:
        'Recovery activities and progress in restoring operational capabilities are communicated to designated internal and external stakeholders',
    },
    {
      code: 'RC.CO-04',
      group: 'RC.CO',
      title: 'Public updates on incident recovery',
      description: 'Public updates on incident recovery are shared using approved methods and messaging',
    },
  ],
};
