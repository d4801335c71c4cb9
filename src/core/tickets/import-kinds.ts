/**
 * The ticket import kinds (docs/decisions/0018, 0031): one descriptor per
 * tracker, read by the CLI's help, the HTTP validation and the web's import
 * dialog. The parser of both is `src/importers/tickets` (one reader that
 * recognizes the page's shape).
 */
import { type ImportKind, importKindRegistry } from '../imports/import-kind.js';
import { TICKET_REQUIREMENTS, type TicketSource } from './types.js';

const PROVES = [
  TICKET_REQUIREMENTS.changeManagement,
  TICKET_REQUIREMENTS.incidentResponse,
  TICKET_REQUIREMENTS.accessProvisioning,
] as const;

/** The trackers, as every layer describes them. */
export const TICKET_IMPORT_KIND_LIST: readonly ImportKind<TicketSource>[] = [
  {
    name: 'jira',
    label: 'Jira issues with their changelog',
    description:
      'pages of Jira `GET /rest/api/3/search?jql=…&expand=changelog` (one file per page, or a directory of them)',
    command:
      "curl -u EMAIL:TOKEN 'https://SITE.atlassian.net/rest/api/3/search?jql=project%20in%20(PAY)&expand=changelog&startAt=0&maxResults=100' > page-1.json",
    scope: {
      hint: 'the project map says which states approve and which issue types prove which requirement',
    },
    proves: PROVES,
  },
  {
    name: 'linear',
    label: 'Linear issues with their history',
    description:
      'pages of the Linear GraphQL `issues` query with state history (data.issues.nodes[].history.nodes[])',
    command:
      'curl -H "Authorization: KEY" -H "Content-Type: application/json" https://api.linear.app/graphql -d \'{"query":"{ issues(first: 100) { nodes { identifier title description url createdAt state { name } creator { id name email } team { key } labels { nodes { name } } attachments { nodes { url } } history { nodes { createdAt actor { id name email } fromState { name } toState { name } } pageInfo { hasNextPage } } } pageInfo { hasNextPage endCursor } } }"}\' > page-1.json',
    scope: { hint: 'Linear has no issue type: the first label the project map knows is the type' },
    proves: PROVES,
  },
];

/** The ticket import kinds by name. */
export const TICKET_IMPORT_KINDS = importKindRegistry(TICKET_IMPORT_KIND_LIST);
