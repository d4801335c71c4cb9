// IDs and names from the OWASP Non-Human Identities Top 10 2025 (CC BY-SA 4.0, attribution required).
// Descriptions are auditready's own one-sentence summaries.
import type { FrameworkCatalog } from '../types.js';

/** OWASP Non-Human Identities Top 10 (2025): risk IDs and names, with auditready's own one-line summaries. */
export const owaspNhi: FrameworkCatalog = {
  id: 'owasp-nhi',
  name: 'OWASP Non-Human Identities Top 10',
  version: '2025',
  publisher: 'OWASP Foundation',
  attribution:
    "OWASP Non-Human Identities Top 10 2025, © OWASP Foundation, CC BY-SA 4.0 (https://owasp.org/www-project-non-human-identities-top-10/2025/top-10-2025). Risk IDs and names as published; descriptions are auditready's own summaries. Licence: https://creativecommons.org/licenses/by-sa/4.0/",
  url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/top-10-2025',
  groups: [{ code: 'NHI', title: 'Non-Human Identities Top 10' }],
  criteria: [
    {
      code: 'NHI1:2025',
      group: 'NHI',
      title: 'Improper Offboarding',
      description:
        'Service accounts, keys and other non-human identities stay active after they are no longer needed.',
    },
    {
      code: 'NHI2:2025',
      group: 'NHI',
      title: 'Secret Leakage',
      description: 'Secrets such as API keys and tokens leak into source code, configuration files or chat.',
    },
    {
      code: 'NHI3:2025',
      group: 'NHI',
      title: 'Vulnerable Third-Party NHI',
      description:
        'A compromised third-party tool or integration misuses the credentials and grants it holds.',
    },
    {
      code: 'NHI4:2025',
      group: 'NHI',
      title: 'Insecure Authentication',
      description: 'Service integrations authenticate with deprecated or weak methods.',
    },
    {
      code: 'NHI5:2025',
      group: 'NHI',
      title: 'Overprivileged NHI',
      description: 'Non-human identities hold more permissions than their work requires.',
    },
    {
      code: 'NHI6:2025',
      group: 'NHI',
      title: 'Insecure Cloud Deployment Configurations',
      description:
        'CI/CD pipelines use static cloud credentials or federated trust without strict conditions.',
    },
    {
      code: 'NHI7:2025',
      group: 'NHI',
      title: 'Long-Lived Secrets',
      description: 'Keys, tokens or certificates expire far in the future or never.',
    },
    {
      code: 'NHI8:2025',
      group: 'NHI',
      title: 'Environment Isolation',
      description: 'The same non-human identities are reused across development, test and production.',
    },
    {
      code: 'NHI9:2025',
      group: 'NHI',
      title: 'NHI Reuse',
      description: 'One non-human identity is shared by several applications or services.',
    },
    {
      code: 'NHI10:2025',
      group: 'NHI',
      title: 'Human Use of NHI',
      description: 'People sign in with non-human identities to do manual work.',
    },
  ],
};
