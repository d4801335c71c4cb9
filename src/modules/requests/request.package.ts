import type { Database } from '../../platform/db/database.js';
import type { PackageRequest } from '../package/package-sources.js';
import {
  controlsOfRequests,
  evidenceOfRequest,
  listRequestRows,
  messagesOfRequest,
} from './request.repository.js';

/**
 * The requests of an engagement (or the one named) with their threads, for
 * the evidence package: one request read at a time, by reference.
 */
export async function* requestsForPackage(
  db: Database,
  orgId: string,
  engagementId: string,
  filter: { requestId?: string },
): AsyncIterable<PackageRequest> {
  // One request by id or by reference (`--request PBC-014`), else every request of the engagement.
  const wanted = filter.requestId;
  const rows = (await listRequestRows(db.db, orgId, engagementId)).filter(
    (r) => wanted === undefined || r.id === wanted || r.reference === wanted,
  );
  for (const row of rows) {
    const controls = (await controlsOfRequests(db.db, orgId, [row.id])).get(row.id) ?? [];
    const messages = await messagesOfRequest(db.db, orgId, row.id);
    const evidence = await evidenceOfRequest(db.db, orgId, row.id);
    yield {
      id: row.id,
      reference: row.reference,
      text: row.text,
      status: row.status,
      dueOn: row.due_on,
      controlCodes: controls.map((c) => c.code),
      evidenceIds: [...new Set(evidence.map((e) => e.id))].sort(),
      thread: messages.map((m) => ({
        at: m.created_at,
        author: m.author_label,
        kind: m.kind === 'transition' ? `${m.kind}:${m.to_status}` : m.kind,
        body: m.body,
        evidenceIds: evidence.filter((e) => e.message_id === m.id).map((e) => e.id),
      })),
    };
  }
}
