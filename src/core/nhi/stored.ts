/**
 * What linking and the rules need of an identity already in the inventory:
 * its last observation, plus its database id when it has one. Kept minimal so
 * that the repository's row, a test fixture or a fresh observation all fit.
 */
import type { ObservedNhi } from './types.js';

/** A stored (or just observed) identity: the observed facts and, when stored, its id. */
export interface StoredNhiLike extends ObservedNhi {
  /** The inventory record's id; absent for an identity not yet stored. */
  id?: string | null;
}
