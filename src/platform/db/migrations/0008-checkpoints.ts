import type { Kysely, Migration } from 'kysely';

/**
 * Signed checkpoints of the activity log's chains (docs/decisions/0010): one
 * row per chain and tree size, holding the whole C2SP signed note so it can
 * be exported as it was signed. Also indexes the NHI imports' blob hashes,
 * which `blobs gc` looks up beside evidence's.
 */
export const checkpoints: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('checkpoints')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('chain', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('root_hash', 'text', (c) => c.notNull())
      .addColumn('head_hash', 'text', (c) => c.notNull())
      .addColumn('verifier_key', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('checkpoints_chain_size', ['chain', 'size'])
      .execute();
    await db.schema.createIndex('nhi_imports_sha256').on('nhi_imports').columns(['sha256']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('nhi_imports_sha256').execute();
    await db.schema.dropTable('checkpoints').execute();
  },
};
