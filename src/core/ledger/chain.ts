import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/** The `prev_hash` of the first entry of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** Who did something: a signed-in user, an API token, a person, or the system itself. */
export interface Actor {
  type: 'user' | 'token' | 'person' | 'system';
  id: string;
  label: string;
}

/** The hashed content of one activity entry (everything but its own hash). */
export interface ActivityEntryContent {
  chain: string;
  seq: number;
  orgId: string | null;
  at: string;
  actor: Actor;
  action: string;
  recordType: string;
  recordId: string;
  change: unknown;
}

/** `sha256(previous_hash || canonical_entry)` as lowercase hex. */
export function entryHash(prevHash: string, entry: ActivityEntryContent): string {
  return createHash('sha256')
    .update(prevHash + canonicalJson(entry))
    .digest('hex');
}

/**
 * `entryHash` of an entry whose change is already canonical JSON text, without
 * serialising the change again: the canonical entry is assembled around the
 * text (its keys in the order `canonicalJson` sorts them). Equal to
 * `entryHash(prevHash, { ...entry, change: JSON.parse(changeText) })` for
 * any canonical `changeText`; a property test holds the two equal.
 */
export function entryHashOfCanonicalChange(
  prevHash: string,
  entry: Omit<ActivityEntryContent, 'change'>,
  changeText: string,
): string {
  const j = JSON.stringify;
  const { actor } = entry;
  const text =
    `{"action":${j(entry.action)},"actor":{"id":${j(actor.id)},"label":${j(actor.label)},"type":${j(actor.type)}}` +
    `,"at":${j(entry.at)},"chain":${j(entry.chain)},"change":${changeText},"orgId":${j(entry.orgId)}` +
    `,"recordId":${j(entry.recordId)},"recordType":${j(entry.recordType)},"seq":${j(entry.seq)}}`;
  return createHash('sha256')
    .update(prevHash + text)
    .digest('hex');
}

/** One stored entry as verification sees it. */
export interface StoredEntry extends ActivityEntryContent {
  id: string;
  prevHash: string;
  hash: string;
}

/** Why an entry breaks its chain. */
export type ChainBreak =
  | { kind: 'sequence'; expected: number }
  | { kind: 'prev-hash'; expected: string }
  | { kind: 'hash'; expected: string };

/**
 * Checks one entry against the entry before it (or genesis): sequence
 * contiguity, the back-link, and its own hash. Returns the first problem.
 */
export function checkEntry(
  previous: { seq: number; hash: string } | null,
  entry: StoredEntry,
): ChainBreak | null {
  const expectedSeq = previous ? previous.seq + 1 : 1;
  if (entry.seq !== expectedSeq) return { kind: 'sequence', expected: expectedSeq };
  const expectedPrev = previous ? previous.hash : GENESIS_HASH;
  if (entry.prevHash !== expectedPrev) return { kind: 'prev-hash', expected: expectedPrev };
  const { id: _id, prevHash, hash, ...content } = entry;
  const expected = entryHash(prevHash, content);
  if (hash !== expected) return { kind: 'hash', expected };
  return null;
}
