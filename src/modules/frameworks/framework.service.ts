import { CATALOG_VERSION, FRAMEWORK_CATALOGS } from '../../catalogs/frameworks/index.js';
import type { FrameworkCatalog } from '../../catalogs/types.js';
import type { Actor } from '../../core/ledger/chain.js';
import { nowIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { WriteTx } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import { write } from '../../platform/ledger/ledger.js';
import {
  type CriterionRow,
  type FrameworkSummary,
  installedCatalogVersions,
  listCriteria,
  listFrameworks,
} from './framework.repository.js';

/** The framework ids in display order. */
export const FRAMEWORK_ORDER = FRAMEWORK_CATALOGS.map((f) => f.id);

async function replaceCatalog(tx: WriteTx, catalog: FrameworkCatalog, installedAt: string): Promise<void> {
  await tx.deleteFrom('criteria').where('framework_id', '=', catalog.id).execute();
  await tx.deleteFrom('criterion_groups').where('framework_id', '=', catalog.id).execute();
  await tx.deleteFrom('frameworks').where('id', '=', catalog.id).execute();
  await tx
    .insertInto('frameworks')
    .values({
      id: catalog.id,
      name: catalog.name,
      version: catalog.version,
      publisher: catalog.publisher,
      attribution: catalog.attribution,
      url: catalog.url,
      catalog_version: CATALOG_VERSION,
      installed_at: installedAt,
    })
    .execute();
  await tx
    .insertInto('criterion_groups')
    .values(
      catalog.groups.map((g, i) => ({
        framework_id: catalog.id,
        code: g.code,
        title: g.title,
        parent_code: g.parent ?? null,
        description: g.description ?? null,
        sort_order: i,
      })),
    )
    .execute();
  for (let i = 0; i < catalog.criteria.length; i += 200) {
    await tx
      .insertInto('criteria')
      .values(
        catalog.criteria.slice(i, i + 200).map((c, j) => ({
          framework_id: catalog.id,
          code: c.code,
          group_code: c.group,
          title: c.title,
          description: c.description ?? null,
          sort_order: i + j,
        })),
      )
      .execute();
  }
}

/**
 * Installs the shipped catalogs, or upgrades those installed from an older
 * catalog version; a no-op when everything is current. Mappings reference
 * criteria by (framework, code), so replacing a catalog keeps them.
 */
export async function ensureCatalogs(database: Database, actor: Actor): Promise<string[]> {
  const installed = await installedCatalogVersions(database.db);
  const stale = FRAMEWORK_CATALOGS.filter((c) => installed.get(c.id) !== CATALOG_VERSION);
  if (stale.length === 0) return [];
  return write(database, { actor, orgId: null }, async (w) => {
    const now = nowIso();
    for (const catalog of stale) {
      await replaceCatalog(w.tx, catalog, now);
      w.record({
        action: installed.has(catalog.id) ? 'upgrade' : 'install',
        recordType: 'framework',
        recordId: catalog.id,
        change: {
          catalogVersion: [installed.get(catalog.id) ?? null, CATALOG_VERSION],
          criteria: catalog.criteria.length,
        },
      });
    }
    return stale.map((c) => c.id);
  });
}

/** The installed frameworks with their criteria counts. */
export async function getFrameworks(database: Database): Promise<FrameworkSummary[]> {
  return listFrameworks(database.db, FRAMEWORK_ORDER);
}

/** The criteria of one framework; unknown framework ids are a user error that lists the known ones. */
export async function getCriteria(database: Database, frameworkId: string): Promise<CriterionRow[]> {
  const rows = await listCriteria(database.db, frameworkId);
  if (rows.length === 0) {
    throw new AppError(
      'not_found',
      `framework ${frameworkId} not found; known: ${FRAMEWORK_ORDER.join(', ')}`,
    );
  }
  return rows;
}

export type { CriterionRow, FrameworkSummary };
