/**
 * The demo's quarter of change management: one service repository whose
 * generated GitHub export (src/importers/changes/generator.ts, seeded) holds
 * about 90 merged pull requests with reviews and checks and 18 production
 * deployments over the last quarter, with the planted violations a real
 * quarter has (a self-approved pull request, one merged with a failing check,
 * a direct push, an emergency change without its retrospective approval),
 * imported through the change import like an export on disk.
 */
import { createHash } from 'node:crypto';
import { addDays, type IsoDate } from '../../core/dates.js';
import type { Actor } from '../../core/ledger/chain.js';
import { generateGithubChanges } from '../../importers/changes/generator.js';
import { GithubExportReader } from '../../importers/changes/github-export.js';
import { importExport } from '../changes/changes.import.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';

const REPOSITORY = 'northwind-cloud/platform-api';
const SUB_DIRECTORIES = ['check-runs', 'deployment-statuses', 'reviews'];

/** Imports the quarter's changes; returns the releases and changes derived and the findings opened. */
export async function seedChanges(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  seed: number,
  today: IsoDate,
): Promise<{ releases: number; changes: number; findings: number }> {
  const { files } = generateGithubChanges({
    seed,
    repository: REPOSITORY,
    pulls: 90,
    deployments: 18,
    start: addDays(today, -95),
    violations: true,
  });
  const reader = new GithubExportReader({});
  for (const d of SUB_DIRECTORIES) reader.addDirectory(d);
  const read: { name: string; sha256: string; size: number }[] = [];
  for (const name of [...files.keys()].sort()) {
    const content = files.get(name)!;
    await reader.add(name, content);
    const bytes = Buffer.from(content);
    read.push({ name, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length });
  }
  const result = await importExport(stores, actor, orgId, {
    exp: reader.finish(),
    files: read,
    input: {},
    at: today,
    fileName: `${REPOSITORY.replace('/', '-')}-export`,
  });
  return {
    releases: result.counts.releases,
    changes: result.counts.changes,
    findings: result.counts.findingsOpened,
  };
}
