/**
 * Reads ticket histories from tracker exports (docs/decisions/0031), one
 * page file at a time, streamed (a page's issues are taken one by one):
 *
 *   Jira    the body of `GET /rest/api/3/search?expand=changelog` (or
 *           `/search/jql`): `{startAt, maxResults, total, issues: [{key,
 *           self, fields: {issuetype, status, reporter, created, summary,
 *           description, project, comment}, changelog: {histories: [{author,
 *           created, items: [{field, fromString, toString}]}]}}]}`
 *   Linear  the body of the GraphQL `issues` query with history:
 *           `{data: {issues: {nodes: [{identifier, title, description, url,
 *           createdAt, state {name}, creator, team {key}, labels {nodes},
 *           attachments {nodes: [{url}]}, history {nodes: [{createdAt, actor,
 *           fromState {name}, toState {name}}]}}], pageInfo}}}`
 *
 * The tracker is recognized from the page's shape (or given). A bad issue
 * throws an ImportError naming the file, the line where the issue starts and
 * the JSON path of the bad value (`page-3.json, line 4012, at
 * $.issues[17].fields.created`); the caller stores nothing of a failed read.
 */
import type { Readable } from 'node:stream';
import { incidentKeysIn, projectOfKey, pullLinksIn } from '../../core/tickets/rules.js';
import type {
  TicketFact,
  TicketPerson,
  TicketProjectSettings,
  TicketSource,
  TicketTransition,
} from '../../core/tickets/types.js';
import { ImportError } from '../../platform/errors.js';
import { walkJson } from '../nhi/json-stream.js';
import type { JsonRecord } from '../nhi/record.js';

/** What one export (its pages) holds. */
export interface TicketExport {
  source: TicketSource;
  tickets: TicketFact[];
  counts: { files: number; issues: number; duplicates: number; transitions: number };
}

const KEY = /^[A-Za-z][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*-\d+$/;
const SHAPES: Record<TicketSource, string> = {
  jira: 'the body of Jira `GET /rest/api/3/search?expand=changelog`: {startAt, total, issues: […]}',
  linear: 'the body of the Linear GraphQL `issues` query: {data: {issues: {nodes: […], pageInfo}}}',
};

function date(rec: JsonRecord, key: string): string {
  const v = rec.optDate(key);
  if (v === null) throw rec.error('expected a timestamp, found nothing', key);
  return v;
}

/**
 * A user object, null when absent. Jira: accountId, displayName (the full
 * name; `name` is a Server username), emailAddress. Linear: id, name (the
 * full name; `displayName` is the handle), email.
 */
function person(rec: JsonRecord, source: TicketSource): TicketPerson | null {
  if (rec.value === null || rec.value === undefined) return null;
  rec.object('a user {accountId|id, displayName|name}');
  const [full, other] = source === 'jira' ? ['displayName', 'name'] : ['name', 'displayName'];
  const name = rec.optStr(full) ?? rec.optStr(other) ?? rec.optStr('emailAddress') ?? rec.optStr('email');
  const id =
    rec.optStr('accountId') ?? rec.optStr('id') ?? rec.optStr('emailAddress') ?? rec.optStr('email') ?? name;
  if (id === null || name === null) throw rec.error('expected a user with an id or a name');
  return { id, name };
}

/** The plain text of a Jira description: a string (API v2) or an Atlassian Document Format tree (v3). */
function textOf(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) textOf(v, out);
  else if (typeof value === 'object' && value !== null) {
    const node = value as Record<string, unknown>;
    if (typeof node.text === 'string') out.push(node.text);
    // Links and inline cards carry their URL in attributes.
    const attrs = node.attrs as Record<string, unknown> | undefined;
    if (attrs && typeof attrs.href === 'string') out.push(attrs.href);
    if (attrs && typeof attrs.url === 'string') out.push(attrs.url);
    const marks = node.marks;
    if (Array.isArray(marks)) textOf(marks, out);
    if (Array.isArray(node.content)) textOf(node.content, out);
  }
}

/** The browse URL of a Jira issue from its API `self` URL. */
function browseUrl(self: string | null, key: string): string | null {
  const m = self ? /^(https?:\/\/[^/]+)\//.exec(self) : null;
  return m ? `${m[1]}/browse/${key}` : null;
}

/** Collects the pages of one export; `finish` joins them. */
export class TicketExportReader {
  private source: TicketSource | null;
  private sourceFrom: string | null = null;
  private readonly tickets = new Map<string, TicketFact>();
  private files = 0;
  private issues = 0;
  private duplicates = 0;
  private transitions = 0;
  private jiraTotal: { total: number; file: string } | null = null;
  private linearLastPage = false;
  private linearPages = 0;

  constructor(
    private readonly settingsOf: (source: TicketSource, project: string) => TicketProjectSettings,
    source: TicketSource | null = null,
  ) {
    this.source = source;
    if (source) this.sourceFrom = 'the source option';
  }

  /** Reads one page file; `file` names it in errors. */
  async add(file: string, input: Readable): Promise<void> {
    this.files++;
    let pageSource: TicketSource | null = null;
    const claim = (found: TicketSource, line: number): void => {
      pageSource = found;
      if (this.source === null) {
        this.source = found;
        this.sourceFrom = file;
      } else if (this.source !== found)
        throw new ImportError(
          { file, line, path: '$' },
          `a ${found} export, but ${this.sourceFrom} says ${this.source}: expected ${SHAPES[this.source]}`,
        );
    };
    const decide = (p: readonly (string | number)[], type: string) => {
      const at = p.join('.');
      if (p.length === 0) return type === 'object' ? 'enter' : 'take';
      if (at === 'issues' || at === 'data' || at === 'data.issues' || at === 'data.issues.nodes')
        return type === 'scalar' || type === 'string' ? 'take' : 'enter';
      if (p.length === 2 && p[0] === 'issues') return 'take';
      if (p.length === 4 && at.startsWith('data.issues.nodes.')) return 'take';
      if (at === 'total' || at === 'errors' || at === 'data.issues.pageInfo') return 'take';
      return 'skip';
    };
    for await (const ev of walkJson(input, file, decide)) {
      if (ev.kind === 'enter') {
        const at = ev.path.join('.');
        if (at === 'issues') claim('jira', ev.line);
        if (at === 'data') claim('linear', ev.line);
        if ((at === 'issues' || at === 'data.issues.nodes') && ev.type !== 'array')
          throw new ImportError({ file, line: ev.line, path: `$.${at}` }, 'expected an array of issues');
        continue;
      }
      if (ev.kind !== 'value') continue;
      const rec = ev.record;
      const at = ev.path.join('.');
      if (ev.path.length === 0)
        throw rec.error(
          `expected ${this.source ? SHAPES[this.source] : `${SHAPES.jira}, or ${SHAPES.linear}`}`,
        );
      if (at === 'errors')
        throw rec.error(`the GraphQL answer carries errors: ${JSON.stringify(rec.value).slice(0, 300)}`);
      if (at === 'total') {
        const total = rec.value;
        if (typeof total !== 'number' || !Number.isSafeInteger(total) || total < 0)
          throw rec.error('expected the whole number of issues the search found');
        if (this.jiraTotal && this.jiraTotal.total !== total)
          throw rec.error(
            `the search found ${total} issues here but ${this.jiraTotal.total} in ${this.jiraTotal.file}: pages of different searches`,
          );
        this.jiraTotal = { total, file };
        continue;
      }
      if (at === 'data.issues.pageInfo') {
        rec.object('the page info {hasNextPage, endCursor}');
        this.linearPages++;
        if (rec.optBool('hasNextPage') === false) this.linearLastPage = true;
        continue;
      }
      if (at === 'issues' || at === 'data' || at === 'data.issues' || at === 'data.issues.nodes')
        throw rec.error(`expected ${SHAPES[at === 'issues' ? 'jira' : 'linear']}`);
      const ticket = pageSource === 'jira' ? this.jiraIssue(rec) : this.linearIssue(rec);
      this.issues++;
      this.transitions += ticket.transitions.length;
      if (this.tickets.has(ticket.key)) this.duplicates++;
      // An issue that moved between pages during paging appears twice: the later page wins.
      this.tickets.set(ticket.key, ticket);
    }
    if (pageSource === null)
      throw new ImportError(
        { file, path: '$' },
        `expected ${this.source ? SHAPES[this.source] : `${SHAPES.jira}, or ${SHAPES.linear}`}`,
      );
  }

  /** The tickets read, by key; checks that no page of a paged search is missing. */
  finish(): TicketExport {
    if (this.source === null) throw new ImportError({ file: 'export' }, 'no page of issues to import');
    if (this.source === 'jira' && this.jiraTotal && this.tickets.size < this.jiraTotal.total)
      throw new ImportError(
        { file: this.jiraTotal.file, path: '$.total' },
        `the search found ${this.jiraTotal.total} issues but the pages hold ${this.tickets.size}: a page is missing (page with startAt)`,
      );
    if (this.source === 'linear' && this.linearPages > 0 && !this.linearLastPage)
      throw new ImportError(
        { file: 'export', path: '$.data.issues.pageInfo.hasNextPage' },
        'every page says hasNextPage: true: the last page is missing',
      );
    return {
      source: this.source,
      tickets: [...this.tickets.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
      counts: {
        files: this.files,
        issues: this.issues,
        duplicates: this.duplicates,
        transitions: this.transitions,
      },
    };
  }

  private key(rec: JsonRecord, field: string): string {
    const key = rec.str(field).trim();
    if (!KEY.test(key) || key.length > 100) throw rec.error('expected an issue key like PAY-123', field);
    return key.toUpperCase();
  }

  private jiraIssue(rec: JsonRecord): TicketFact {
    rec.object('an issue {key, fields, changelog}');
    const key = this.key(rec, 'key');
    const fields = rec.child('fields');
    fields.object('the fields {issuetype, status, reporter, created, …}');
    const issuetype = fields.child('issuetype');
    issuetype.object('the issue type {name}');
    const status = fields.child('status');
    status.object('the status {name}');
    const projectRec = fields.child('project');
    const project = (projectRec.isObject ? projectRec.optStr('key') : null) ?? projectOfKey(key);
    const settings = this.settingsOf('jira', project.toUpperCase());
    const title = fields.optStr('summary') ?? '';
    const texts = [title];
    textOf(fields.raw('description'), texts);
    const comment = fields.child('comment');
    if (comment.isObject) for (const c of comment.list('comments')) textOf(c.child('body').value, texts);
    const transitions: TicketTransition[] = [];
    const changelog = rec.child('changelog');
    if (changelog.value !== undefined && changelog.value !== null) {
      changelog.object('the changelog {histories}');
      const histories = changelog.list('histories');
      const total = changelog.optNum('total');
      if (total !== null && total > histories.length)
        throw changelog.error(
          `the changelog holds ${histories.length} of ${total} histories: export the rest (GET /rest/api/3/issue/${key}/changelog) into the page`,
          'total',
        );
      for (const h of histories) {
        h.object('a history {author, created, items}');
        const items = h.list('items').filter((i) => {
          i.object('a history item {field, fromString, toString}');
          return (i.optStr('fieldId') ?? i.optStr('field'))?.toLowerCase() === 'status';
        });
        if (items.length === 0) continue;
        const by = person(h.child('author'), 'jira');
        const when = date(h, 'created');
        for (const i of items)
          transitions.push({ from: i.optStr('fromString'), to: i.str('toString'), by, at: when });
      }
    }
    return {
      source: 'jira',
      key,
      project: project.toUpperCase(),
      type: issuetype.str('name'),
      title: title.slice(0, 1000),
      status: status.str('name'),
      reporter: person(fields.child('reporter'), 'jira'),
      createdAt: date(fields, 'created'),
      url: browseUrl(rec.optStr('self'), key),
      transitions: transitions.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)),
      pullLinks: pullLinksIn(texts),
      incidentKeys: incidentKeysIn(texts, settings.incidentPrefixes, key),
    };
  }

  private linearIssue(rec: JsonRecord): TicketFact {
    rec.object('an issue {identifier, title, state, creator, history, …}');
    const key = this.key(rec, 'identifier');
    const team = rec.child('team');
    const project = ((team.isObject ? team.optStr('key') : null) ?? projectOfKey(key)).toUpperCase();
    const settings = this.settingsOf('linear', project);
    const state = rec.child('state');
    state.object('the state {name}');
    const title = rec.str('title');
    const texts = [title, rec.optStr('description') ?? ''];
    const attachments = rec.child('attachments');
    if (attachments.isObject)
      for (const a of attachments.list('nodes')) {
        a.object('an attachment {url}');
        texts.push(a.optStr('url') ?? '');
      }
    const labels: string[] = [];
    const labelList = rec.child('labels');
    if (labelList.isObject)
      for (const l of labelList.list('nodes')) {
        l.object('a label {name}');
        labels.push(l.str('name'));
      }
    // Linear has no issue type: the first label the project maps is the type.
    const mapped = new Set(Object.keys(settings.requirements).map((t) => t.toLowerCase()));
    const type = labels.find((l) => mapped.has(l.toLowerCase())) ?? labels[0] ?? 'Issue';
    const transitions: TicketTransition[] = [];
    const history = rec.child('history');
    if (history.value !== undefined && history.value !== null) {
      history.object('the history {nodes, pageInfo}');
      const info = history.child('pageInfo');
      if (info.isObject && info.optBool('hasNextPage') === true)
        throw info.error(`the history of ${key} has more pages: export it whole`, 'hasNextPage');
      for (const h of history.list('nodes')) {
        h.object('a history entry {createdAt, actor, fromState, toState}');
        const to = h.child('toState');
        if (to.value === null || to.value === undefined) continue;
        to.object('the state {name}');
        const from = h.child('fromState');
        transitions.push({
          from: from.isObject ? from.optStr('name') : null,
          to: to.str('name'),
          by: person(h.child('actor'), 'linear'),
          at: date(h, 'createdAt'),
        });
      }
    }
    return {
      source: 'linear',
      key,
      project,
      type,
      title: title.slice(0, 1000),
      status: state.str('name'),
      reporter: person(rec.child('creator'), 'linear'),
      createdAt: date(rec, 'createdAt'),
      url: rec.optStr('url'),
      transitions: transitions.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)),
      pullLinks: pullLinksIn(texts),
      incidentKeys: incidentKeysIn(texts, settings.incidentPrefixes, key),
    };
  }
}
