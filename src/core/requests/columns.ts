import { inputDateProblem } from '../dates.js';

/**
 * The columns of a request list (SPEC §9): which header holds which field.
 * Real lists name them differently per audit firm, so a mapping is chosen
 * once per firm and saved by name; without one, the common headers are
 * recognised (`DEFAULT_HEADERS`).
 */

/** The fields a request list can carry; reference and text are required. */
export const REQUEST_LIST_FIELDS = [
  'reference',
  'text',
  'control',
  'criterion',
  'dueOn',
  'population',
  'assignee',
] as const;
/** One of {@link REQUEST_LIST_FIELDS}. */
export type RequestListField = (typeof REQUEST_LIST_FIELDS)[number];

/** Which header (lower-cased, as the readers key records) holds each field; absent fields are not in the list. */
export type ColumnMapping = Partial<Record<RequestListField, string>>;

/** The headers recognised without a saved mapping, most specific first (lower-case). */
export const DEFAULT_HEADERS: Readonly<Record<RequestListField, readonly string[]>> = {
  reference: [
    'request #',
    'request id',
    'request no',
    'request no.',
    'request number',
    'pbc #',
    'pbc id',
    'ref',
    'ref #',
    'reference',
    'id',
    '#',
  ],
  text: ['request description', 'request text', 'description', 'request', 'item description', 'details'],
  control: ['client control id', 'control id', 'control code', 'control #', 'control'],
  criterion: [
    'tsc reference',
    'tsc ref',
    'tsc',
    'criteria',
    'criterion',
    'soc 2 criteria',
    'framework reference',
    'iso reference',
    'csf reference',
  ],
  dueOn: ['due date', 'due', 'due on', 'date due'],
  population: ['population / sample', 'population/sample', 'population', 'sample', 'sample note'],
  assignee: ['client owner', 'assignee', 'assigned to', 'owner', 'responsible'],
};

/** A header as the readers key it: trimmed, lower-cased, inner spaces collapsed. */
export function headerKey(header: string): string {
  return header.trim().toLowerCase().replace(/\s+/g, ' ');
}

/**
 * The mapping for a list whose headers `has` knows (lower-cased keys): a saved mapping's columns as
 * given (each must be in the list), else the first recognised header of
 * each field. Fails naming what is missing.
 */
export function resolveColumns(
  has: (header: string) => boolean,
  saved?: ColumnMapping,
): { columns: ColumnMapping } | { problem: string; field: RequestListField | null } {
  const present = { has };
  const columns: ColumnMapping = {};
  if (saved) {
    for (const field of REQUEST_LIST_FIELDS) {
      const header = saved[field];
      if (header === undefined) continue;
      const key = headerKey(header);
      if (!present.has(key))
        return {
          problem: `the mapping names the column "${header}" for ${field}, which the list lacks`,
          field,
        };
      columns[field] = key;
    }
  } else {
    for (const field of REQUEST_LIST_FIELDS) {
      const found = DEFAULT_HEADERS[field].find((h) => present.has(h));
      if (found !== undefined) columns[field] = found;
    }
  }
  for (const field of ['reference', 'text'] as const) {
    if (columns[field] === undefined) {
      return {
        problem: saved
          ? `the mapping names no column for ${field}`
          : `no column for the request ${field === 'text' ? 'text' : 'reference'} (expected one of: ${DEFAULT_HEADERS[field].join(', ')}); choose a column mapping`,
        field,
      };
    }
  }
  return { columns };
}

/** One request as a list row gives it. */
export interface RequestListRow {
  reference: string;
  text: string;
  control: string | null;
  criterion: string | null;
  dueOn: string | null;
  population: string | null;
  assignee: string | null;
}

/** Longest text a request's fields take from a list. */
export const MAX_REQUEST_TEXT = 4000;

/**
 * Reads one row through the mapping: `get` returns a column's cell
 * (trimmed). A bad cell is named by its field's column and a reason.
 */
export function readRequestRow(
  get: (column: string) => string,
  columns: ColumnMapping,
): { row: RequestListRow } | { column: string; reason: string } {
  const cell = (field: RequestListField): string | null => {
    const column = columns[field];
    if (column === undefined) return null;
    const value = get(column).trim();
    return value === '' ? null : value;
  };
  for (const field of REQUEST_LIST_FIELDS) {
    const value = cell(field);
    if (value !== null && value.length > MAX_REQUEST_TEXT)
      return { column: columns[field]!, reason: `is longer than ${MAX_REQUEST_TEXT} characters` };
  }
  const reference = cell('reference');
  if (reference === null) return { column: columns.reference!, reason: 'the request has no reference' };
  if (reference.length > 60)
    return { column: columns.reference!, reason: 'a reference is at most 60 characters' };
  const text = cell('text');
  if (text === null) return { column: columns.text!, reason: `request ${reference} has no text` };
  const dueOn = cell('dueOn');
  if (dueOn !== null) {
    const problem = inputDateProblem(dueOn);
    if (problem) return { column: columns.dueOn!, reason: `due date "${dueOn}": ${problem}` };
  }
  return {
    row: {
      reference,
      text,
      control: cell('control'),
      criterion: cell('criterion'),
      dueOn,
      population: /^(none|n\/a|na|-)$/i.test(cell('population') ?? '') ? null : cell('population'),
      assignee: cell('assignee'),
    },
  };
}
