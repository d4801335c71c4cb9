/**
 * Owners of non-human identities: the owner hint an export carries (an
 * e-mail, a GitHub login, a user name) matched to a person of the roster,
 * and the owner as the rules see it (active, departed, unknown or none).
 */
import type { NhiOwner } from './rules/types.js';

/** A person of the roster, as owner matching needs them. */
export interface RosterPerson {
  id: string;
  email: string;
  name: string;
  /** `active` or `departed`. */
  status: string;
  departedOn: string | null;
}

/** The roster indexed for owner hints; a key two people share maps to null (ambiguous). */
export interface OwnerIndex {
  byId: Map<string, RosterPerson>;
  byEmail: Map<string, RosterPerson>;
  byHandle: Map<string, RosterPerson | null>;
  byName: Map<string, RosterPerson | null>;
}

// `alice-nguyen`, `alice.nguyen`, `Alice_Nguyen` are one handle; punctuation differs between systems.
const handle = (value: string) => value.toLowerCase().replace(/[^a-z0-9]/g, '');
const fullName = (value: string) => value.trim().toLowerCase().replace(/\s+/g, ' ');

function putUnique(map: Map<string, RosterPerson | null>, key: string, person: RosterPerson): void {
  if (key === '') return;
  const seen = map.get(key);
  map.set(key, seen === undefined || seen?.id === person.id ? person : null);
}

/** Indexes a roster by e-mail (case-insensitive), by handle (an e-mail's local part) and by full name. */
export function buildOwnerIndex(people: readonly RosterPerson[]): OwnerIndex {
  const index: OwnerIndex = { byId: new Map(), byEmail: new Map(), byHandle: new Map(), byName: new Map() };
  for (const p of people) {
    index.byId.set(p.id, p);
    index.byEmail.set(p.email.trim().toLowerCase(), p);
    putUnique(index.byHandle, handle(p.email.split('@')[0] ?? ''), p);
    putUnique(index.byName, fullName(p.name), p);
  }
  return index;
}

/**
 * The person an owner hint names, or null: an e-mail matches the same e-mail
 * in any case (`Fatima.Zahra@Example.com`); a login or user name matches the
 * one person whose e-mail's local part is the same once punctuation is
 * dropped (`alice-nguyen` → alice.nguyen@…); otherwise a full name that only
 * one person has. Team aliases and unknown logins stay unmatched.
 */
export function matchOwner(index: OwnerIndex, hint: string | null): RosterPerson | null {
  const value = hint?.trim() ?? '';
  if (value === '') return null;
  if (value.includes('@')) return index.byEmail.get(value.toLowerCase()) ?? null;
  return index.byHandle.get(handle(value)) ?? index.byName.get(fullName(value)) ?? null;
}

/** The owner as the NHI rules see it: the person's status, or `unknown` for an unmatched hint, or `none`. */
export function ruleOwner(person: RosterPerson | null, hint: string | null): NhiOwner {
  if (person) {
    return {
      status: person.status === 'departed' ? 'departed' : 'active',
      personId: person.id,
      email: person.email,
      departedOn: person.departedOn,
    };
  }
  const named = hint?.trim() ?? '';
  return named === '' ? { status: 'none' } : { status: 'unknown', email: named };
}
