import { createHash } from 'node:crypto';
import { canonicalJson } from '../ledger/canonical-json.js';

/**
 * One record of a population: its id, the date it is placed at in the audit
 * period, and a short label a person reads (what the auditor asks for).
 */
export interface PopulationRecord {
  id: string;
  date: string;
  label: string;
}

/** The stable order of a population: by date, then by id (the same on every database). */
export function comparePopulationRecords(a: PopulationRecord, b: PopulationRecord): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

/** The records in the stable order (a new array; the input is not changed). */
export function orderPopulation(records: readonly PopulationRecord[]): PopulationRecord[] {
  return [...records].sort(comparePopulationRecords);
}

/**
 * The content hash of a population: SHA-256 (hex) over the canonical JSON of
 * its records in the stable order. Two populations with the same records
 * hash the same however they were read; one changed record changes it.
 */
export function populationHash(records: readonly PopulationRecord[]): string {
  const ordered = orderPopulation(records).map((r) => ({ date: r.date, id: r.id, label: r.label }));
  return createHash('sha256').update(canonicalJson(ordered)).digest('hex');
}
