import type { Actor } from '../../core/ledger/chain.js';
import type { Engagement } from '../../core/records.js';
import { nowIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { diff, write } from '../../platform/ledger/ledger.js';
import { findPersonByEmail } from '../people/person.repository.js';
import { parseEmail } from '../people/person.schema.js';
import { readinessFacts } from '../readiness/facts/readiness-facts.js';
import { insertEngagement, listEngagements, updateEngagement } from './engagement.repository.js';
import { engagementInputSchema, type StoredEngagement } from './engagement.schema.js';

/** Replaces a `leadEmail` in raw input by the `leadId` of that active person. */
async function resolveLead(database: Database, orgId: string, input: unknown): Promise<unknown> {
  if (!input || typeof input !== 'object' || !('leadEmail' in input)) return input;
  const { leadEmail, ...rest } = input as { leadEmail?: unknown };
  if (leadEmail === null || leadEmail === undefined || leadEmail === '') return { ...rest, leadId: null };
  const email = parseEmail(leadEmail, 'leadEmail');
  const person = await findPersonByEmail(database.db, orgId, email);
  if (!person) throw new AppError('not_found', `no person with e-mail ${email} in the roster`);
  return { ...rest, leadId: person.id };
}

function parseInput(input: unknown) {
  const parsed = engagementInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError(
      'invalid_input',
      `${issue.path.join('.') || 'engagement'}: ${issue.message}`,
      parsed.error.issues,
    );
  }
  return parsed.data;
}

/** Creates a SOC 2 audit engagement. */
export async function createEngagement(
  database: Database,
  actor: Actor,
  orgId: string,
  input: unknown,
): Promise<StoredEngagement> {
  const fields = parseInput(await resolveLead(database, orgId, input));
  const now = nowIso();
  const engagement: StoredEngagement = {
    ...fields,
    id: newId(),
    orgId,
    frameworkId: 'soc2',
    createdAt: now,
    updatedAt: now,
  };
  await write(database, { actor, orgId }, async (w) => {
    await insertEngagement(w.tx, engagement);
    // The readiness tables change with it: its earliest evidence covers are computed for its dates.
    await readinessFacts.afterEngagement(w, engagement.id);
    w.record({ action: 'create', recordType: 'engagement', recordId: engagement.id, change: fields });
  });
  return engagement;
}

/** Changes an engagement's dates or scope; the plan re-derives from the new dates on the next read. */
export async function updateEngagementFields(
  database: Database,
  actor: Actor,
  orgId: string,
  engagementId: string,
  patch: Record<string, unknown>,
): Promise<StoredEngagement> {
  // Resolved before the transaction: on SQLite the write holds the only connection, so a read through
  // `database` inside it would wait for itself forever.
  const resolved = (await resolveLead(database, orgId, patch)) as object;
  return write(database, { actor, orgId }, async (w) => {
    const current = (await listEngagements(w.tx, orgId)).find((e) => e.id === engagementId);
    if (!current) throw notFound('engagement', engagementId);
    const { id: _i, orgId: _o, frameworkId: _f, createdAt: _c, updatedAt: _u, ...fields } = current;
    const next = parseInput({ ...fields, ...resolved });
    const change = diff(fields, next);
    if (Object.keys(change).length === 0) return current;
    const updated: StoredEngagement = { ...current, ...next, updatedAt: nowIso() };
    await updateEngagement(w.tx, updated);
    // The readiness tables follow new dates (new cadence periods); nothing is done when the dates stay.
    await readinessFacts.afterEngagement(w, engagementId);
    w.record({ action: 'update', recordType: 'engagement', recordId: engagementId, change });
    return updated;
  });
}

/** The engagements of an organization, newest first. */
export async function getEngagements(database: Database, orgId: string): Promise<StoredEngagement[]> {
  return listEngagements(database.db, orgId);
}

/** The engagement named (id or unique prefix), else the most recently created one; null when there is none. */
export async function resolveEngagement(
  database: Database,
  orgId: string,
  idOrPrefix?: string,
): Promise<StoredEngagement | null> {
  const all = await listEngagements(database.db, orgId);
  if (!idOrPrefix) return all[0] ?? null;
  const matches = all.filter((e) => e.id === idOrPrefix || e.id.startsWith(idOrPrefix));
  if (matches.length === 0) throw notFound('engagement', idOrPrefix);
  if (matches.length > 1) throw new AppError('invalid_input', `engagement id ${idOrPrefix} is ambiguous`);
  return matches[0]!;
}

/** The engagement as the pure rules read it. */
export function toCoreEngagement(e: StoredEngagement): Engagement {
  return {
    id: e.id,
    type: e.type,
    auditDate: e.auditDate,
    windowStart: e.windowStart,
    windowEnd: e.windowEnd,
    fieldworkStart: e.fieldworkStart,
    reportDue: e.reportDue,
    categories: e.categories,
  };
}
