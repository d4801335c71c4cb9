import type { FrameworkCatalog } from '../types.js';
import { iso27001 } from './iso27001.js';
import { nistAiRmf } from './nist-ai-rmf.js';
import { nistCsf } from './nist-csf.js';
import { owaspNhi } from './owasp-nhi.js';
import { soc2 } from './soc2.js';

/**
 * Version of the shipped catalog content, stored with installed catalogs so a later release knows to
 * upgrade them. Bump it whenever any catalog's content (groups, criteria, titles, texts, attribution) changes.
 */
export const CATALOG_VERSION = '2026.11.0';

/** Every framework catalog auditready ships, in display order. */
export const FRAMEWORK_CATALOGS: readonly FrameworkCatalog[] = [soc2, nistCsf, iso27001, owaspNhi, nistAiRmf];

/** The shipped catalog with this framework id, or undefined for an unknown id. */
export function findFramework(id: string): FrameworkCatalog | undefined {
  return FRAMEWORK_CATALOGS.find((catalog) => catalog.id === id);
}
