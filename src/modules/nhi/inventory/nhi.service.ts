/**
 * Reading the NHI inventory: the list with its filters, one identity with its
 * history, the rule findings, and the per-organization rule thresholds. Every
 * read path first brings the inventory up to date (auditready's own tokens
 * synced, rules re-run at T) so that what it shows is current; that writes
 * only when something changed.
 */
import { inputDateProblem } from '../../../core/dates.js';
import { canonicalJson } from '../../../core/ledger/canonical-json.js';
import type { Actor } from '../../../core/ledger/chain.js';
import {
  NHI_KINDS,
  NHI_PROVIDERS,
  NHI_RULE_IDS,
  NHI_SEVERITIES,
  NHI_STATUSES,
  type NhiThresholds,
  nhiThresholdsSchema,
  observationSeen,
  resolveNhiThresholds,
} from '../../../core/nhi/index.js';
import { nowIso, todayIso } from '../../../platform/clock.js';
import type { Database } from '../../../platform/db/database.js';
import type { NhisTable } from '../../../platform/db/schema.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { type CountedPage, type Page, toPage } from '../../../platform/http/pagination.js';
import { diff, write } from '../../../platform/ledger/ledger.js';
import { recordsVersionApartFrom } from '../../../platform/ledger/versions.js';
import { listPeople } from '../../people/person.repository.js';
import {
  eventsOf,
  type ImportKey,
  importsById,
  latestSeenBySource,
  observationsOf,
  pageImports,
} from '../import/import.repository.js';
import type {
  NhiDetail,
  NhiFindingFilter,
  NhiFindingView,
  NhiImportView,
  NhiListFilter,
  NhiPageFilter,
  NhiRecord,
} from '../nhi.schema.js';
import { syncAuditreadyTokens } from './auditready-tokens.js';
import {
  countRuleFindings,
  listRuleFindings,
  openRuleFindings,
  pageRuleFindings,
  type RuleFindingKey,
  readThresholds,
  writeThresholds,
} from './finding.repository.js';
import { listLeakRows, listWorkloadLinks } from './leak.repository.js';
import {
  countNhiRows,
  findNhiRows,
  listNhiRows,
  type NhiRowKey,
  pageNhiRows,
  relativesOf,
} from './nhi.repository.js';
import { NHI_UNREAD_RECORD_TYPES } from './reevaluation.js';
import { lockNhiInventory, NHI_RULES_ACTOR, type RefreshCounts, refreshNhiInventory } from './refresh.js';
import { toEventView, toFindingView, toImportView, toLeakView, toNhiRecord, toNhiRef } from './views.js';

/** Where a page starts and how long it is. */
export interface PageRequest<K> {
  after?: K | undefined;
  limit: number;
}

/** Per database handle and organization: the date and records version this process last found the inventory current at. */
const currentAt = new WeakMap<Database, Map<string, string>>();

/**
 * The ledger entries' record types the NHI rules never read: evidence and its
 * reviews (both recorded as `evidence`). An upload or a review moves the
 * organization's ledger head but cannot change what a refresh finds, so it
 * must not make the next inventory read run the rules again.
 */
export { NHI_UNREAD_RECORD_TYPES };

/**
 * The version of what the NHI rules read: the organization's ledger without
 * {@link NHI_UNREAD_RECORD_TYPES}, and the installation's.
 */
export function nhiRecordsVersion(database: Database, orgId: string): Promise<string> {
  return recordsVersionApartFrom(database, orgId, NHI_UNREAD_RECORD_TYPES);
}

/**
 * Brings the inventory up to date at T (default today): auditready's tokens
 * synced, rules re-run, findings synced. `ifStale` (the reads): skipped when
 * this process already refreshed at the same date and version of what the
 * rules read ({@link nhiRecordsVersion}). The rules are a function of the
 * records, the organization's thresholds and the date, and every write
 * appends to the organization's ledger (in any process), so an unchanged
 * version means an unchanged result. A refresh is remembered only when the
 * version did not move while it ran: a write it changed, or another
 * writer's, makes the next read run it again.
 */
export async function refreshNhi(
  database: Database,
  orgId: string,
  at: string = todayIso(),
  options: { ifStale?: boolean } = {},
): Promise<RefreshCounts | null> {
  const atProblem = inputDateProblem(at);
  if (atProblem) throw new AppError('invalid_input', `${at}: ${atProblem}`);
  await syncAuditreadyTokens(database, orgId);
  let seen = currentAt.get(database);
  if (!seen) {
    seen = new Map();
    currentAt.set(database, seen);
  }
  const before = `${at}|${await nhiRecordsVersion(database, orgId)}`;
  if (options.ifStale && seen.get(orgId) === before) return null;
  const counts = await write(database, { actor: NHI_RULES_ACTOR, orgId }, (w) =>
    refreshNhiInventory(w, orgId, { at, now: nowIso(), importId: null }),
  );
  if (`${at}|${await nhiRecordsVersion(database, orgId)}` === before) seen.set(orgId, before);
  else seen.delete(orgId);
  return counts;
}

/** A rule id as typed by a person (`orphaned` or `nhi-orphaned`), checked against the rules. */
export function ruleIdOf(name: string): string {
  const id = name.startsWith('nhi-') ? name : `nhi-${name}`;
  if (!NHI_RULE_IDS.includes(id)) {
    throw new AppError(
      'invalid_input',
      `unknown NHI rule "${name}"; the rules are ${NHI_RULE_IDS.join(', ')}`,
    );
  }
  return id;
}

function checkKindAndProvider(filter: { kind?: string | undefined; provider?: string | undefined }): void {
  if (filter.kind && !(NHI_KINDS as readonly string[]).includes(filter.kind))
    throw new AppError('invalid_input', `unknown kind "${filter.kind}"; kinds are ${NHI_KINDS.join(', ')}`);
  if (filter.provider && !(NHI_PROVIDERS as readonly string[]).includes(filter.provider))
    throw new AppError(
      'invalid_input',
      `unknown provider "${filter.provider}"; providers are ${NHI_PROVIDERS.join(', ')}`,
    );
}

/** Rows of the inventory as records, with their owners and the rules of their open findings. */
async function recordsOf(database: Database, orgId: string, rows: NhisTable[]): Promise<NhiRecord[]> {
  const [people, open] = await Promise.all([
    listPeople(database.db, orgId),
    openRuleFindings(
      database.db,
      orgId,
      rows.map((r) => r.id),
    ),
  ]);
  const rulesOf = new Map<string, string[]>();
  for (const f of open) rulesOf.set(f.nhiId, [...(rulesOf.get(f.nhiId) ?? []), f.rule]);
  const byId = new Map(people.map((p) => [p.id, p]));
  const lastSeen = await lastSeenOf(database, orgId, rows);
  return rows.map((r) => toNhiRecord(r, byId, rulesOf.get(r.id) ?? [], lastSeen));
}

/**
 * The import that last listed each of these rows: the one stored on the row,
 * or the latest of its source when that export was complete and the identity
 * is live (`observationSeen`: a complete export's unchanged rows are not
 * rewritten to record their listing, docs/decisions/0035).
 */
async function lastSeenOf(
  database: Database,
  orgId: string,
  rows: NhisTable[],
): Promise<(r: NhisTable) => string | null> {
  const ids = [...new Set(rows.flatMap((r) => (r.last_seen_import_id ? [r.last_seen_import_id] : [])))];
  if (ids.length === 0) return (r) => r.last_seen_import_id;
  const [imports, latest] = await Promise.all([
    importsById(database.db, orgId, ids),
    latestSeenBySource(database.db, orgId),
  ]);
  const byId = new Map(imports.map((i) => [i.id, i]));
  return (r) => {
    const run = r.last_seen_import_id ? byId.get(r.last_seen_import_id) : undefined;
    if (!run) return r.last_seen_import_id;
    const stored = { import_id: run.id, observed_at: run.exported_at ?? run.started_at, status: r.status };
    return observationSeen(stored, latest.get(run.source)).importId;
  };
}

/**
 * One page of the inventory (the API and the UI): filtered in SQL, in the
 * order provider, kind, name. The first page brings the inventory up to date
 * first; later pages read the same state, so rows do not shift under a reader.
 */
export async function pageNhis(
  database: Database,
  orgId: string,
  filter: NhiPageFilter,
  page: PageRequest<NhiRowKey>,
): Promise<CountedPage<NhiRecord>> {
  checkKindAndProvider(filter);
  if (filter.status && !(NHI_STATUSES as readonly string[]).includes(filter.status))
    throw new AppError(
      'invalid_input',
      `unknown status "${filter.status}"; statuses are ${NHI_STATUSES.join(', ')}`,
    );
  const rowFilter = {
    kind: filter.kind,
    provider: filter.provider,
    status: filter.status,
    includeDeleted: filter.all,
    search: filter.search?.trim() || undefined,
    rules: [
      ...(filter.orphaned ? ['nhi-orphaned'] : []),
      ...(filter.finding ? [ruleIdOf(filter.finding)] : []),
    ],
  };
  if (page.after === undefined) await refreshNhi(database, orgId, todayIso(), { ifStale: true });
  const [rows, total] = await Promise.all([
    pageNhiRows(database.db, orgId, rowFilter, page.after, page.limit + 1),
    countNhiRows(database.db, orgId, rowFilter),
  ]);
  const shown = toPage(
    rows,
    page.limit,
    (r): NhiRowKey => ({
      provider: r.provider,
      kind: r.kind,
      name: r.name,
      id: r.id,
    }),
  );
  return { ...shown, items: await recordsOf(database, orgId, shown.items), total };
}

/**
 * One page of the rule findings with their NHI Top 10, CIS and SOC 2 tags:
 * open first, most severe first, newest first. The first page brings the
 * inventory up to date first.
 */
export async function pageNhiFindings(
  database: Database,
  orgId: string,
  filter: NhiFindingFilter,
  page: PageRequest<RuleFindingKey>,
): Promise<CountedPage<NhiFindingView>> {
  const rule = filter.rule ? ruleIdOf(filter.rule) : undefined;
  if (filter.severity && !(NHI_SEVERITIES as readonly string[]).includes(filter.severity))
    throw new AppError(
      'invalid_input',
      `unknown severity "${filter.severity}"; severities are ${NHI_SEVERITIES.join(', ')}`,
    );
  const rowFilter = { ...filter, rule };
  if (page.after === undefined) await refreshNhi(database, orgId, todayIso(), { ifStale: true });
  const [rows, total] = await Promise.all([
    pageRuleFindings(database.db, orgId, rowFilter, page.after, page.limit + 1),
    countRuleFindings(database.db, orgId, rowFilter),
  ]);
  const shown = toPage(
    rows,
    page.limit,
    (r): RuleFindingKey => ({
      openRank: r.open_rank,
      severityRank: r.severity_rank,
      openedOn: r.opened_on,
      id: r.finding_id,
    }),
  );
  return { ...shown, items: shown.items.map(toFindingView), total };
}

/** One page of the organization's import runs (exports and auditready token syncs), newest first. */
export async function pageNhiImports(
  database: Database,
  orgId: string,
  page: PageRequest<ImportKey>,
): Promise<Page<NhiImportView>> {
  const rows = await pageImports(database.db, orgId, page.after, page.limit + 1);
  const shown = toPage(rows, page.limit, (r): ImportKey => ({ startedAt: r.started_at, id: r.id }));
  return { ...shown, items: shown.items.map(toImportView) };
}

/** The inventory, filtered; deleted identities only with `all`. */
export async function listNhis(
  database: Database,
  orgId: string,
  filter: NhiListFilter = {},
  options: { at?: string } = {},
): Promise<NhiRecord[]> {
  checkKindAndProvider(filter);
  const wanted = [
    ...(filter.orphaned ? ['nhi-orphaned'] : []),
    ...(filter.finding ? [ruleIdOf(filter.finding)] : []),
  ];
  await refreshNhi(database, orgId, options.at, { ifStale: true });
  const [rows, people, open] = await Promise.all([
    listNhiRows(database.db, orgId, {
      kind: filter.kind,
      provider: filter.provider,
      includeDeleted: filter.all,
    }),
    listPeople(database.db, orgId),
    openRuleFindings(database.db, orgId),
  ]);
  const rulesOf = new Map<string, string[]>();
  for (const f of open) rulesOf.set(f.nhiId, [...(rulesOf.get(f.nhiId) ?? []), f.rule]);
  const byId = new Map(people.map((p) => [p.id, p]));
  const listed = rows.filter((r) => wanted.every((rule) => rulesOf.get(r.id)?.includes(rule)));
  const lastSeen = await lastSeenOf(database, orgId, listed);
  return listed.map((r) => toNhiRecord(r, byId, rulesOf.get(r.id) ?? [], lastSeen));
}

/** One identity by id (or a unique prefix of it) or exact external id, with history, findings, leaks and sources. */
export async function getNhi(database: Database, orgId: string, key: string): Promise<NhiDetail> {
  await refreshNhi(database, orgId, todayIso(), { ifStale: true });
  const found = await findNhiRows(database.db, orgId, key.trim());
  if (found.length === 0) throw notFound('non-human identity', key);
  if (found.length > 1)
    throw new AppError('invalid_input', `${key} names several identities; give more of the id`);
  const row = found[0]!;
  const [people, events, findings, leaks, links, sources, relatives] = await Promise.all([
    listPeople(database.db, orgId),
    eventsOf(database.db, orgId, row.id),
    listRuleFindings(database.db, orgId, { nhiId: row.id }),
    listLeakRows(database.db, orgId, row.id),
    listWorkloadLinks(database.db, orgId, row.id),
    observationsOf(database.db, orgId, [row.id]),
    relativesOf(database.db, row),
  ]);
  const importIds = [...new Set(events.flatMap((e) => (e.import_id ? [e.import_id] : [])))];
  const imports = new Map((await importsById(database.db, orgId, importIds)).map((i) => [i.id, i]));
  const open = findings.filter((f) => f.resolved_on === null).map((f) => f.rule);
  const [lastSeen, latest] = await Promise.all([
    lastSeenOf(database, orgId, [row]),
    latestSeenBySource(database.db, orgId),
  ]);
  return {
    ...toNhiRecord(row, new Map(people.map((p) => [p.id, p])), open, lastSeen),
    parent: relatives.parent ? toNhiRef(relatives.parent) : null,
    children: relatives.children.map(toNhiRef),
    events: events.map((e) => toEventView(e, imports)),
    findings: findings.map(toFindingView),
    leaks: leaks.map(toLeakView),
    workloadLinks: links.map((l) => ({
      provider: l.provider,
      annotation: l.annotation,
      reference: l.reference,
      targetId: l.target_nhi_id,
    })),
    sources: sources.map((o) => ({
      source: o.source,
      ...observationSeen(o, latest.get(o.source)),
      status: o.status,
    })),
  };
}

/** The rule findings of the inventory (open ones unless `all`), most recent first. */
export async function listNhiFindings(
  database: Database,
  orgId: string,
  options: { all?: boolean; at?: string } = {},
): Promise<NhiFindingView[]> {
  await refreshNhi(database, orgId, options.at, { ifStale: true });
  const rows = await listRuleFindings(database.db, orgId, { openOnly: !options.all });
  return rows.map(toFindingView);
}

/** The organization's threshold overrides and the thresholds in force. */
export async function getNhiThresholds(
  database: Database,
  orgId: string,
): Promise<{ overrides: Record<string, number>; effective: NhiThresholds }> {
  const overrides = JSON.parse((await readThresholds(database.db, orgId)) ?? '{}') as Record<string, number>;
  return { overrides, effective: resolveNhiThresholds(overrides) };
}

/**
 * Overrides some thresholds (validated by the rules' own schema), then re-runs
 * the rules with them; `replace` makes `settings` the whole set of overrides
 * (what is left out goes back to its default).
 */
export async function setNhiThresholds(
  database: Database,
  actor: Actor,
  orgId: string,
  settings: Record<string, unknown>,
  options: { replace?: boolean } = {},
): Promise<{ overrides: Record<string, number>; effective: NhiThresholds }> {
  const current = await getNhiThresholds(database, orgId);
  const next = options.replace ? { ...settings } : { ...current.overrides, ...settings };
  const parsed = nhiThresholdsSchema.safeParse(next);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const known = Object.keys(nhiThresholdsSchema.shape).join(', ');
    throw new AppError(
      'invalid_input',
      `${issue.path.join('.') || 'thresholds'}: ${issue.message} (thresholds: ${known})`,
    );
  }
  const change = diff<Record<string, unknown>>(current.overrides, next);
  if (Object.keys(change).length === 0) return current;
  await write(database, { actor, orgId }, async (w) => {
    // Before any row lock: the refresh below takes it anyway, and taking it first cannot deadlock.
    await lockNhiInventory(w, orgId);
    await writeThresholds(w.tx, orgId, canonicalJson(next), nowIso());
    w.record({ action: 'update', recordType: 'nhi-thresholds', recordId: orgId, change });
    await refreshNhiInventory(w, orgId, { at: todayIso(), now: nowIso(), importId: null });
  });
  return { overrides: next as Record<string, number>, effective: parsed.data };
}
