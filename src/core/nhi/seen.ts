/**
 * When a source last listed an identity, without a write per unchanged row
 * (issue 20 item 3, docs/decisions/0035). A complete export marks every
 * identity it no longer lists as deleted, so a live observation of a source
 * whose latest import was complete was listed by that import, whatever import
 * last changed it; an incomplete export says nothing of the identities it
 * leaves out, so its imports still record the listing on the row.
 */

/** What a source's latest import says about its observations. */
export interface SourceLatestImport {
  id: string;
  /** 1 when the export listed every identity of its scope. */
  complete: number;
  /** When it observed (the export's time, else the import's start). */
  at: string;
}

/** The import (and time) that last listed an observation of a source. */
export function observationSeen(
  o: { import_id: string; observed_at: string; status: string },
  latest: SourceLatestImport | undefined,
): { importId: string; observedAt: string } {
  if (latest && latest.complete === 1 && o.status !== 'deleted' && latest.at >= o.observed_at) {
    return { importId: latest.id, observedAt: latest.at };
  }
  return { importId: o.import_id, observedAt: o.observed_at };
}
