/** Identities named by a person or a client: each key an id, a unique id prefix, or an exact external id. */
import type { Kysely } from 'kysely';
import type { DB, NhisTable } from '../../../platform/db/schema.js';
import { AppError } from '../../../platform/errors.js';
import { findNhiRows, nhisByIds } from './nhi.repository.js';

/**
 * The identities of an organization the keys name, in the order given and
 * once each. Exact ids are read in bulk; the rest one by one. A key that
 * names nothing in this organization (another organization's id included)
 * is `not_found`, one that names several is `invalid_input`.
 */
export async function resolveNhiKeys(db: Kysely<DB>, orgId: string, keys: string[]): Promise<NhisTable[]> {
  const wanted = [...new Set(keys.map((k) => k.trim()))];
  const byId = new Map((await nhisByIds(db, orgId, wanted)).map((r) => [r.id, r]));
  const out = new Map<string, NhisTable>();
  const missing: string[] = [];
  for (const key of wanted) {
    let row = byId.get(key);
    if (!row) {
      const found = await findNhiRows(db, orgId, key);
      if (found.length > 1)
        throw new AppError('invalid_input', `${key} names several identities; give more of the id`);
      row = found[0];
    }
    if (row) out.set(row.id, row);
    else missing.push(key);
  }
  if (missing.length > 0) {
    const shown = missing.slice(0, 5).join(', ');
    throw new AppError(
      'not_found',
      `no non-human identity ${shown}${missing.length > 5 ? ` (and ${missing.length - 5} more)` : ''} in this organization`,
      { missing },
    );
  }
  return [...out.values()];
}
