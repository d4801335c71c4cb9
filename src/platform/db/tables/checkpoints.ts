/** Tables of migration 0008: signed checkpoints of the activity log's chains. */

/** One signed checkpoint: the RFC 6962 root over a chain's first `size` entry hashes, as a C2SP signed note. */
export interface CheckpointsTable {
  id: string;
  chain: string;
  size: number;
  /** Hex RFC 6962 root over the chain's first `size` entry hashes. */
  root_hash: string;
  /** Hash of entry `size` (the chain head when signed). */
  head_hash: string;
  /** The C2SP verifier key of the signer (`name+keyid+base64`). */
  verifier_key: string;
  /** The whole signed note (tlog-checkpoint body and signature line). */
  note: string;
  created_at: string;
}

/** The tables of migration 0008. */
export interface CheckpointTables {
  checkpoints: CheckpointsTable;
}
