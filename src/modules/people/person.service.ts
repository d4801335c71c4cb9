import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Actor } from '../../core/ledger/chain.js';
import { type CsvDelimiter, readCsvRecords } from '../../importers/csv/read-csv.js';
import { nowIso } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { ImportError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { diff, type Write, write } from '../../platform/ledger/ledger.js';
import { insertPeople, listPeople, updatePerson } from './person.repository.js';
import {
  type Person,
  type PersonInput,
  personInputSchema,
  type RosterImportResult,
} from './person.schema.js';

/** The columns of an HR roster CSV. */
export const ROSTER_COLUMNS = ['email', 'name', 'team', 'manager_email', 'status', 'departed_on'] as const;

const FIELD_COLUMN: Record<string, (typeof ROSTER_COLUMNS)[number]> = {
  email: 'email',
  name: 'name',
  team: 'team',
  managerEmail: 'manager_email',
  status: 'status',
  departedOn: 'departed_on',
};

/**
 * Reads and validates a whole roster before anything is written: a bad row
 * (invalid field, duplicate e-mail, unknown manager) aborts with its line,
 * column and reason.
 */
export async function readRoster(
  input: Readable,
  file: string,
  delimiter: CsvDelimiter = ',',
): Promise<PersonInput[]> {
  const people: PersonInput[] = [];
  const seen = new Map<string, number>();
  const lines: number[] = [];
  for await (const rec of readCsvRecords(input, file, {
    required: ['email', 'name'],
    known: ROSTER_COLUMNS,
    delimiter,
  })) {
    const parsed = personInputSchema.safeParse({
      email: rec.get('email'),
      name: rec.get('name'),
      team: rec.get('team') || null,
      managerEmail: rec.get('manager_email') || null,
      status: rec.get('status').toLowerCase() || 'active',
      departedOn: rec.get('departed_on') || null,
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const column = FIELD_COLUMN[String(issue.path[0])] ?? null;
      throw rec.error(column, issue.message);
    }
    const first = seen.get(parsed.data.email);
    if (first !== undefined)
      throw rec.error('email', `${parsed.data.email} already appears on line ${first}`);
    seen.set(parsed.data.email, rec.line);
    people.push(parsed.data);
    lines.push(rec.line);
  }
  return people.map((p, i) => {
    if (p.managerEmail && !seen.has(p.managerEmail)) {
      throw new ImportError(
        { file, line: lines[i]!, column: '4 (manager_email)' },
        `manager ${p.managerEmail} is not in the roster`,
      );
    }
    return p;
  });
}

/**
 * Imports an HR roster: creates new people, updates changed ones, leaves the
 * rest alone (so importing the same file twice changes nothing). People not
 * in the file are kept: a roster import never deletes anyone.
 */
export async function importRoster(
  database: Database,
  actor: Actor,
  orgId: string,
  source: { file: string; input?: Readable; delimiter?: CsvDelimiter },
): Promise<RosterImportResult> {
  const name = path.basename(source.file);
  const roster = await readRoster(source.input ?? createReadStream(source.file), name, source.delimiter);
  return write(database, { actor, orgId }, async (w) => {
    const result = await applyRoster(w, orgId, roster);
    if (result.created + result.updated > 0) {
      w.record({ action: 'import', recordType: 'roster', recordId: name, change: result });
    }
    return result;
  });
}

/**
 * Creates new people and updates changed ones inside the caller's write;
 * people not listed are kept (a roster never deletes anyone) and unchanged
 * ones write nothing.
 */
export async function applyRoster(
  w: Write,
  orgId: string,
  roster: PersonInput[],
): Promise<RosterImportResult> {
  const existing = new Map((await listPeople(w.tx, orgId)).map((p) => [p.email, p]));
  const now = nowIso();
  const created: Person[] = [];
  let updated = 0;
  for (const input of roster) {
    const current = existing.get(input.email);
    if (!current) {
      const person: Person = { ...input, id: newId(), orgId, createdAt: now, updatedAt: now };
      created.push(person);
      w.record({ action: 'create', recordType: 'person', recordId: person.id, change: input });
      continue;
    }
    const changes = diff(current, input);
    if (Object.keys(changes).length === 0) continue;
    await updatePerson(w.tx, { ...current, ...input, updatedAt: now });
    w.record({ action: 'update', recordType: 'person', recordId: current.id, change: changes });
    updated++;
  }
  await insertPeople(w.tx, created);
  return {
    rows: roster.length,
    created: created.length,
    updated,
    unchanged: roster.length - created.length - updated,
  };
}

export { listPeople };
