/**
 * The one bulk-insert loop of the repositories: rows of one table written
 * with as few statements, round trips and query compilations as the engine
 * allows. SQLite gets multi-row INSERTs of at most 2,000 parameters, in a
 * few fixed sizes (full batches, then halving sizes for the rest), so that
 * each statement is compiled once and reused (the connection caches
 * prepared statements, see database.ts); one statement per row would pay a
 * statement journal and foreign-key bookkeeping per row. PostgreSQL gets
 * up to 5,000 rows per round trip as one array per column
 * (`INSERT … SELECT * FROM unnest($1::text[], $2::integer[], …)`), a
 * statement whose text never changes whatever the number of rows. The SQL
 * text is built once per table, columns and conflict clause; Kysely only
 * carries it to the connection.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate } from 'node:timers/promises';
import { CompiledQuery, type Kysely, type QueryExecutorProvider, sql } from 'kysely';
import { from as copyFrom } from 'pg-copy-streams';
import type { DB } from './schema.js';
import type { WriteTx } from './transaction.js';

/** What to do when a row collides with a unique key: update these columns, or (none listed) skip the row. */
export interface OnConflict {
  columns: readonly string[];
  update?: readonly string[];
}

/** Rows per PostgreSQL statement: bounds the arrays held in memory and the size of one round trip. */
const POSTGRES_ROWS = 5000;
/** Parameters per SQLite statement: big enough to amortize a statement, small enough to keep few in memory. */
const SQLITE_PARAMETERS = 2000;

type Row = Record<string, unknown>;

const dialects = new WeakMap<object, 'sqlite' | 'postgres'>();
const statements = new Map<string, string>();
const columnTypes = new Map<string, Map<string, string>>();

/** Which engine a Kysely handle (a transaction too) talks to, by the parameter style it compiles to. */
export function dialectOf(db: QueryExecutorProvider): 'sqlite' | 'postgres' {
  const adapter = db.getExecutor().adapter;
  let dialect = dialects.get(adapter);
  if (!dialect) {
    dialect = sql`select ${1}`.compile(db).sql.includes('$1') ? 'postgres' : 'sqlite';
    dialects.set(adapter, dialect);
  }
  return dialect;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

function conflictClause(onConflict: OnConflict | undefined): string {
  if (!onConflict) return '';
  const target = `on conflict (${onConflict.columns.map(quote).join(', ')})`;
  const update = onConflict.update ?? [];
  if (update.length === 0) return ` ${target} do nothing`;
  return ` ${target} do update set ${update.map((c) => `${quote(c)} = excluded.${quote(c)}`).join(', ')}`;
}

/** PostgreSQL's type of each column of a table (for the unnest casts), read once per table. */
async function typesOf<D>(db: Kysely<D>, table: string): Promise<Map<string, string>> {
  let types = columnTypes.get(table);
  if (!types) {
    const rows = await sql<{ name: string; type: string }>`
      select a.attname as name, format_type(a.atttypid, a.atttypmod) as type
      from pg_attribute a
      where a.attrelid = to_regclass(${table}) and a.attnum > 0 and not a.attisdropped`.execute(db);
    types = new Map(rows.rows.map((r) => [r.name, r.type]));
    if (types.size === 0) throw new Error(`insertInBatches: no table ${table}`);
    columnTypes.set(table, types);
  }
  return types;
}

/**
 * Inserts `rows` (all with the same columns, those of the first row) into
 * `table`, optionally upserting on a unique key. The rows are written in
 * order; an error aborts at the row that caused it (the caller's
 * transaction decides what becomes of the rest).
 */
export async function insertInBatches<T extends keyof DB & string>(
  db: WriteTx,
  table: T,
  rows: readonly DB[T][],
  onConflict?: OnConflict,
): Promise<void>;
/** The same into the tables of another schema (a scratch connection's temporary tables). */
export async function insertInBatches<D, T extends keyof D & string>(
  db: Kysely<D>,
  table: T,
  rows: readonly D[T][],
  onConflict?: OnConflict,
): Promise<void>;
export async function insertInBatches<D = DB, T extends keyof D & string = keyof D & string>(
  db: Kysely<D>,
  table: T,
  rows: readonly D[T][],
  onConflict?: OnConflict,
): Promise<void> {
  const first = rows[0] as Row | undefined;
  if (!first) return;
  const columns = Object.keys(first);
  const dialect = dialectOf(db);
  const key = `${dialect}\u0000${table}\u0000${columns.join(',')}\u0000${JSON.stringify(onConflict ?? null)}`;
  if (dialect === 'sqlite') {
    const into = `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values `;
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    const conflict = conflictClause(onConflict);
    const most = Math.max(1, Math.floor(SQLITE_PARAMETERS / columns.length));
    const list = rows as unknown as readonly Row[];
    let start = 0;
    while (start < list.length) {
      // Full batches, then the rest in halving sizes: few distinct statements, each prepared once.
      const left = list.length - start;
      const size = left >= most ? most : 2 ** Math.floor(Math.log2(left));
      const statement = `${key}\u0000${size}`;
      let sized = statements.get(statement);
      if (!sized) {
        sized = into + Array.from({ length: size }, () => tuple).join(', ') + conflict;
        statements.set(statement, sized);
      }
      const parameters: unknown[] = [];
      for (let i = start; i < start + size; i++) {
        const row = list[i]!;
        for (const c of columns) parameters.push(row[c] ?? null);
      }
      await db.executeQuery(CompiledQuery.raw(sized, parameters));
      start += size;
      // SQLite runs on this thread: without a turn of the event loop between statements, a long bulk write
      // would hold back every I/O completion meanwhile (the file being written beside it, other requests).
      await setImmediate();
    }
    return;
  }
  let text = statements.get(key);
  if (!text) {
    const types = await typesOf(db, table);
    const arrays = columns.map((c, i) => {
      const type = types.get(c);
      if (!type) throw new Error(`insertInBatches: ${table} has no column ${c}`);
      return `$${i + 1}::${type}[]`;
    });
    text = `insert into ${quote(table)} (${columns.map(quote).join(', ')}) select * from unnest(${arrays.join(', ')})${conflictClause(onConflict)}`;
    statements.set(key, text);
  }
  for (let start = 0; start < rows.length; start += POSTGRES_ROWS) {
    const chunk = rows.slice(start, start + POSTGRES_ROWS) as unknown as readonly Row[];
    const parameters = columns.map((c) => chunk.map((row) => row[c] ?? null));
    await db.executeQuery(CompiledQuery.raw(text, parameters));
  }
}

/** One value in COPY's text format: `\\N` for null, backslash, tab, newline and carriage return escaped. */
function copyText(value: unknown, table: string, column: string): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value !== 'string') throw new Error(`copyRows: ${table}.${column} holds a ${typeof value}`);
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

/** Rows of COPY text sent per chunk (the stream's writes; the server sees one statement). */
const COPY_ROWS_PER_CHUNK = 500;

/**
 * Bulk-loads rows (all with the columns of the first; text, numbers or
 * null) into a table: on PostgreSQL with one `COPY … FROM STDIN` on the
 * transaction's own connection (pg-copy-streams: the rows stream to the
 * server in COPY's text format, parsed and checked there once, with no
 * parameters and no statement per batch); on SQLite with `insertInBatches`,
 * whose prepared multi-row INSERTs are already what SQLite does fastest.
 */
export async function copyRows<T extends keyof DB & string>(
  db: WriteTx,
  table: T,
  rows: readonly DB[T][],
): Promise<void> {
  const first = rows[0] as Row | undefined;
  if (!first) return;
  if (dialectOf(db) === 'sqlite') {
    await insertInBatches(db, table, rows);
    return;
  }
  const columns = Object.keys(first);
  const stream = copyFrom(`copy ${quote(table)} (${columns.map(quote).join(', ')}) from stdin`);
  // Kysely hands a query's text to pg's `client.query`, which runs a submittable (the COPY stream) as it
  // is: this is how the COPY runs on the transaction's connection, in its place among the statements.
  await db.executeQuery(CompiledQuery.raw(stream as unknown as string, []));
  const list = rows as unknown as readonly Row[];
  const chunks = function* () {
    for (let start = 0; start < list.length; start += COPY_ROWS_PER_CHUNK) {
      let text = '';
      for (const row of list.slice(start, start + COPY_ROWS_PER_CHUNK)) {
        text += `${columns.map((c) => copyText(row[c], table, c)).join('\t')}\n`;
      }
      yield text;
    }
  };
  await pipeline(Readable.from(chunks()), stream);
}

/**
 * Refreshes PostgreSQL's planner statistics of tables a bulk write has just
 * filled inside the current transaction (a no-op on SQLite, whose planner
 * reads the indexes it has). Without it the planner keeps the row counts of
 * before the import and picks, for the batch queries that follow, plans
 * that scan a whole table per batch (measured: 1.6 s instead of a few ms
 * for 500 identities' open findings once 180,000 were written). ANALYZE
 * counts the transaction's own new rows; it holds a lock that makes a
 * concurrent ANALYZE of the same table wait for this transaction's end.
 */
export async function refreshPlannerStatistics(db: WriteTx, tables: readonly string[]): Promise<void> {
  if (dialectOf(db) !== 'postgres') return;
  await sql`analyze ${sql.raw(tables.map(quote).join(', '))}`.execute(db);
}
