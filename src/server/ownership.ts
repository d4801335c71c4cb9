import { listControls } from '../modules/controls/control.repository.js';
import { listFindings } from '../modules/findings/finding.repository.js';
import type { OwnedRecord } from '../platform/auth/policy.js';
import type { Database } from '../platform/db/database.js';

/**
 * How the guard finds the owner of the record a route's path names, for
 * "own record" grants: the owner's person id, null when it has no owner, or
 * undefined when there is no such record (the route then answers 404 itself).
 * A route whose policy has an own rule must name its record in the path.
 */
export const OWNER_OF: Record<
  OwnedRecord,
  (
    database: Database,
    orgId: string,
    params: Record<string, string | undefined>,
  ) => Promise<string | null | undefined>
> = {
  control: async (database, orgId, params) => {
    if (!params.code) return undefined;
    const [control] = await listControls(database.db, orgId, { codes: [params.code] });
    return control ? control.ownerId : undefined;
  },
  finding: async (database, orgId, params) => {
    if (!params.findingId) return undefined;
    const finding = (await listFindings(database.db, orgId)).find((f) => f.id === params.findingId);
    return finding ? finding.ownerId : undefined;
  },
};
