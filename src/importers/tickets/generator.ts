/**
 * A realistic Jira export in the documented shape the ticket importer reads
 * (docs/decisions/0031): the pages of `GET /rest/api/3/search?jql=…&expand=
 * changelog`, `{expand, startAt, maxResults, total, issues}`, each issue with
 * its fields (issue type, status, reporter, assignee, project, created,
 * summary, an Atlassian Document Format description) and its changelog of
 * status moves. Stories, bugs and tasks of a product project go To Do → In
 * Progress → In Review → Approved (by a colleague) → Done and name the pull
 * request that shipped them (a GitHub URL in the description, or
 * `owner/repo#n` in a comment); incidents of an incident project and access
 * requests of an IT project have their own workflows. Deterministic for a
 * seed; with `violations`, one self-approved and one unapproved story are
 * planted. Used by `scripts/generate-jira-export.ts`, the tests and the demo.
 */

import { prng } from '../seeded-random.js';

/** What to generate. */
export interface JiraGeneratorOptions {
  seed: number;
  issues: number;
  pages: number;
  /** The day the first issue is created. */
  start: string;
  /** The repository whose pull requests the product tickets name. */
  repository: string;
  /** The number of the first pull request named (one per product ticket, in order). */
  firstPull: number;
  violations: boolean;
}

/** What was planted, for tests to check against. */
export interface PlantedTickets {
  selfApproved: string | null;
  unapproved: string | null;
  /** Ticket key → the pull request it names (`owner/repo#n`). */
  pullOf: Map<string, string>;
  incidents: string[];
  accessRequests: string[];
}

const SITE = 'https://example.atlassian.net';
const PEOPLE = [
  ['Alice Nguyen', 'alice.nguyen'],
  ['Bob Okafor', 'bob.okafor'],
  ['Carol Ito', 'carol.ito'],
  ['Dmitri Volkov', 'dmitri.volkov'],
  ['Emma Schulz', 'emma.schulz'],
  ['Farid Haddad', 'farid.haddad'],
] as const;
const SUMMARIES = [
  'Retry card authorisations on gateway timeout',
  'Show refund status on the order page',
  'Rotate webhook signing secret without downtime',
  'Paginate the settlement report export',
  'Fix rounding of multi-currency invoices',
  'Add idempotency keys to payout API',
  'Upgrade the PostgreSQL driver',
  'Mask card numbers in support tool logs',
  'Speed up merchant search',
  'Alert on failed nightly reconciliation',
];

// Jira writes timestamps with milliseconds and a numeric offset.
const jiraTime = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');
const user = (i: number) => {
  const [name, handle] = PEOPLE[i % PEOPLE.length]!;
  return {
    self: `${SITE}/rest/api/3/user?accountId=5b10ac8d82e05b22cc7d4e${String(i).padStart(2, '0')}`,
    accountId: `5b10ac8d82e05b22cc7d4e${String(i % PEOPLE.length).padStart(2, '0')}`,
    emailAddress: `${handle}@example.com`,
    displayName: name,
    active: true,
    timeZone: 'Europe/Berlin',
    accountType: 'atlassian',
  };
};
const adf = (...paragraphs: unknown[][]) => ({
  type: 'doc',
  version: 1,
  content: paragraphs.map((content) => ({ type: 'paragraph', content })),
});
const text = (t: string) => ({ type: 'text', text: t });
const link = (t: string, href: string) => ({
  type: 'text',
  text: t,
  marks: [{ type: 'link', attrs: { href } }],
});

/** The page files (`page-1.json` …) of a search over the product, incident and IT projects. */
export function generateJiraExport(options: JiraGeneratorOptions): {
  files: Map<string, string>;
  planted: PlantedTickets;
} {
  const random = prng(options.seed);
  const pick = (n: number) => Math.floor(random() * n);
  const planted: PlantedTickets = {
    selfApproved: null,
    unapproved: null,
    pullOf: new Map(),
    incidents: [],
    accessRequests: [],
  };
  const counters = { PAY: 0, INC: 0, IT: 0 };
  let historyId = 10000;
  let time = Date.parse(`${options.start}T08:00:00Z`);
  let pull = options.firstPull;
  const issues: unknown[] = [];
  for (let i = 0; i < options.issues; i++) {
    time += (2 + pick(10)) * 3600_000;
    const kind = i % 20 === 7 ? 'incident' : i % 20 === 13 ? 'access' : 'product';
    const project = kind === 'incident' ? 'INC' : kind === 'access' ? 'IT' : 'PAY';
    counters[project]++;
    const key = `${project}-${counters[project]}`;
    const id = String(20000 + i);
    const reporterIdx = pick(PEOPLE.length);
    const approverIdx = (reporterIdx + 1 + pick(PEOPLE.length - 1)) % PEOPLE.length;
    const reporter = user(reporterIdx);
    let at = time;
    const histories: unknown[] = [];
    const move = (from: string, to: string, by: number) => {
      at += (1 + pick(30)) * 3600_000;
      histories.push({
        id: String(historyId++),
        author: user(by),
        created: jiraTime(at),
        items: [
          {
            field: 'status',
            fieldtype: 'jira',
            fieldId: 'status',
            from: '1',
            fromString: from,
            to: '2',
            toString: to,
          },
        ],
      });
    };
    let type: string;
    let summary: string;
    let status: string;
    let description: unknown;
    const comments: unknown[] = [];
    if (kind === 'product') {
      type = ['Story', 'Bug', 'Task'][pick(3)]!;
      summary = SUMMARIES[pick(SUMMARIES.length)]!;
      const pr = `${options.repository}#${pull}`;
      planted.pullOf.set(key, pr);
      const url = `https://github.com/${options.repository}/pull/${pull}`;
      pull++;
      const incident =
        type === 'Bug' && counters.INC > 0 && pick(3) === 0 ? `INC-${1 + pick(counters.INC)}` : null;
      description = adf(
        [text(`${summary}. Acceptance criteria agreed in refinement.`)],
        ...(incident ? [[text(`Follow-up of ${incident}.`)]] : []),
        ...(i % 2 === 0 ? [[text('Pull request: '), link(url, url)]] : []),
      );
      if (i % 2 === 1)
        comments.push({
          id: String(90000 + i),
          author: user(reporterIdx),
          body: adf([text(`Shipped in ${pr}`)]),
        });
      const selfApproved = options.violations && counters.PAY === 40;
      const unapproved = options.violations && counters.PAY === 80;
      move('To Do', 'In Progress', reporterIdx);
      move('In Progress', 'In Review', reporterIdx);
      if (selfApproved) {
        planted.selfApproved = key;
        move('In Review', 'Approved', reporterIdx);
        move('Approved', 'Done', reporterIdx);
      } else if (unapproved) {
        planted.unapproved = key;
        move('In Review', 'Done', reporterIdx);
      } else {
        move('In Review', 'Approved', approverIdx);
        move('Approved', 'Done', reporterIdx);
      }
      status = 'Done';
    } else if (kind === 'incident') {
      type = 'Incident';
      summary = ['Checkout latency above SLO', 'Webhook deliveries delayed', 'Payout batch failed'][pick(3)]!;
      planted.incidents.push(key);
      description = adf([text(`${summary}. Timeline and root cause in the postmortem.`)]);
      move('Open', 'Investigating', approverIdx);
      move('Investigating', 'Mitigated', approverIdx);
      move('Mitigated', 'Resolved', approverIdx);
      status = 'Resolved';
    } else {
      type = 'Access Request';
      summary = `Production read access for ${PEOPLE[reporterIdx]![0]}`;
      planted.accessRequests.push(key);
      description = adf([text('Needed for on-call rotation. Manager approval required.')]);
      move('Requested', 'Approved', approverIdx);
      move('Approved', 'Granted', approverIdx);
      status = 'Granted';
    }
    issues.push({
      expand: 'operations,versionedRepresentations,editmeta,changelog,renderedFields',
      id,
      self: `${SITE}/rest/api/3/issue/${id}`,
      key,
      fields: {
        summary,
        issuetype: { self: `${SITE}/rest/api/3/issuetype/1`, id: '1', name: type, subtask: false },
        project: { self: `${SITE}/rest/api/3/project/${project}`, key: project, name: project },
        status: { self: `${SITE}/rest/api/3/status/3`, name: status, id: '3' },
        reporter,
        assignee: user(reporterIdx),
        created: jiraTime(time),
        updated: jiraTime(at),
        description,
        comment: { comments, maxResults: comments.length, total: comments.length, startAt: 0 },
      },
      changelog: { startAt: 0, maxResults: histories.length, total: histories.length, histories },
    });
  }
  const files = new Map<string, string>();
  const per = Math.ceil(options.issues / options.pages);
  for (let p = 0; p < options.pages; p++) {
    const page = issues.slice(p * per, (p + 1) * per);
    files.set(
      `page-${p + 1}.json`,
      `${JSON.stringify(
        {
          expand: 'names,schema',
          startAt: p * per,
          maxResults: per,
          total: options.issues,
          issues: page,
        },
        null,
        2,
      )}\n`,
    );
  }
  return { files, planted };
}
