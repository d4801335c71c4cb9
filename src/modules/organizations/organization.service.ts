import type { Actor } from '../../core/ledger/chain.js';
import { nowIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { diff, write } from '../../platform/ledger/ledger.js';
import {
  findOrganization,
  insertOrganization,
  listOrganizations,
  type Organization,
  updateOrganizationSettings,
} from './organization.repository.js';

/** A URL- and CLI-friendly slug from an organization name (`Northwind Cloud` → `northwind-cloud`). */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  return slug || 'org';
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new AppError('invalid_input', 'an organization needs a name');
  if (trimmed.length > 200)
    throw new AppError('invalid_input', 'an organization name is at most 200 characters');
  return trimmed;
}

/** Creates an organization with a unique slug; its first ledger entry opens its chain. */
export async function createOrganization(
  database: Database,
  actor: Actor,
  name: string,
): Promise<Organization> {
  const trimmed = checkName(name);
  const id = newId();
  return write(database, { actor, orgId: id }, async (w) => {
    const taken = new Set((await listOrganizations(w.tx)).map((o) => o.slug));
    const base = slugify(trimmed);
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    const org: Organization = { id, name: trimmed, slug, createdAt: nowIso(), separateReview: true };
    await insertOrganization(w.tx, org);
    w.record({ action: 'create', recordType: 'organization', recordId: id, change: org });
    return org;
  });
}

/** Changes an organization's settings (today its name). */
export async function updateOrganization(
  database: Database,
  actor: Actor,
  orgId: string,
  input: { name?: string | undefined; separateReview?: boolean | undefined },
): Promise<Organization> {
  return write(database, { actor, orgId }, async (w) => {
    const current = await findOrganization(w.tx, orgId);
    if (!current) throw notFound('organization', orgId);
    const next = {
      ...current,
      ...(input.name === undefined ? {} : { name: checkName(input.name) }),
      ...(input.separateReview === undefined ? {} : { separateReview: input.separateReview }),
    };
    const change = diff(current, { name: next.name, separateReview: next.separateReview });
    if (Object.keys(change).length === 0) return current;
    await updateOrganizationSettings(w.tx, orgId, next);
    w.record({ action: 'update', recordType: 'organization', recordId: orgId, change });
    return next;
  });
}

/**
 * The organization a CLI command works on: the one named (id, slug or name), or the only one.
 * Several organizations and none named is a user error that lists them.
 */
export async function resolveOrganization(database: Database, idOrSlug?: string): Promise<Organization> {
  if (idOrSlug) {
    const org =
      (await findOrganization(database.db, idOrSlug)) ??
      (await listOrganizations(database.db)).find(
        (o) => o.name.toLowerCase() === idOrSlug.trim().toLowerCase(),
      );
    if (!org) throw new AppError('not_found', `organization ${idOrSlug} not found`);
    return org;
  }
  const all = await listOrganizations(database.db);
  if (all.length === 0) throw new AppError('not_found', 'no organization yet: run `auditready init` first');
  if (all.length > 1) {
    throw new AppError(
      'invalid_input',
      `this installation has ${all.length} organizations; name one (${all.map((o) => o.slug).join(', ')})`,
      { field: 'org' },
    );
  }
  return all[0]!;
}

export { findOrganization, listOrganizations, type Organization };
