/**
 * Lifecycle events of non-human identities (SPEC §3, issue 6 item 1), derived
 * by comparing two imports of the same source. Pure: the caller supplies both
 * observations and the time of the import.
 *
 * One vocabulary for every kind: an identity or credential that disappears is
 * `offboarded` (the lifecycle word of SPEC §3) and its status becomes
 * `deleted` (the state word of `NhiStatus`); we never emit a `deleted` event.
 */
import { compareText, identityKey, type JsonValue, stableJson, uniqueByKey } from './order.js';
import { instantOf } from './timestamps.js';
import type { NhiKind, NhiProvider, ObservedNhi } from './types.js';

/** Every lifecycle event type, in the order events of one identity are listed. */
export const NHI_EVENT_TYPES = [
  'created',
  're-enabled',
  'owner-changed',
  'rotated',
  'reviewed',
  'disabled',
  'offboarded',
] as const;
/** A lifecycle event type; `reviewed` is raised by a person, never derived from an import. */
export type NhiEventType = (typeof NHI_EVENT_TYPES)[number];

/** One lifecycle event of one identity. */
export interface NhiLifecycleEvent {
  type: NhiEventType;
  provider: NhiProvider;
  externalId: string;
  kind: NhiKind;
  /** When it was observed: the import's time (`opts.at`), not a guess of when it happened. */
  at: string;
  /** What changed, as JSON: `{ from, to }`, the child ids that came and went … */
  details: { [key: string]: JsonValue };
}

/** How to compare: whether the current export lists everything in its scope, and the import's time. */
export interface DeriveLifecycleOptions {
  /** True when absence from `current` means the identity is gone (SPEC §7 "a full export"). */
  complete: boolean;
  /** ISO-8601 time of the import, stamped on every event. */
  at: string;
}

/**
 * Events that turn `previous` into `current` (both from one source, matched by
 * provider + external id). `previous` null means a first import: every live
 * identity is `created`. The same input twice gives no event; the output is
 * sorted by provider, external id, then event type, whatever the input order.
 */
export function deriveLifecycleEvents(
  previous: ObservedNhi[] | null,
  current: ObservedNhi[],
  opts: DeriveLifecycleOptions,
): NhiLifecycleEvent[] {
  const before = uniqueByKey(previous ?? []);
  const after = uniqueByKey(current);
  const events: NhiLifecycleEvent[] = [];
  const emit = (nhi: ObservedNhi, type: NhiEventType, details: NhiLifecycleEvent['details']) =>
    events.push({
      type,
      provider: nhi.provider,
      externalId: nhi.externalId,
      kind: nhi.kind,
      at: opts.at,
      details,
    });

  const childrenBefore = childrenByParent(before);
  const childrenAfter = childrenByParent(after);
  for (const [key, cur] of after) {
    const prev = before.get(key);
    if (!prev) {
      // An identity first seen already deleted never lived in the inventory: nothing to record.
      if (cur.status !== 'deleted') emit(cur, 'created', { status: cur.status, createdAt: cur.createdAt });
      continue;
    }
    compareOne(prev, cur, emit);
    if (prev.status === 'deleted' || cur.status === 'deleted') continue;
    // One `rotated` per identity per import, whether its date moved, its keys changed, or both.
    const details: NhiLifecycleEvent['details'] = {};
    if (wasRotated(prev, cur)) Object.assign(details, { from: prev.lastRotatedAt, to: cur.lastRotatedAt });
    const keys = keyChange(
      childrenBefore.get(key),
      childrenAfter.get(key),
      cur.provider,
      after,
      opts.complete,
    );
    if (keys) Object.assign(details, keys);
    if (Object.keys(details).length > 0) emit(cur, 'rotated', details);
  }
  if (opts.complete) {
    for (const [key, prev] of before) {
      if (!after.has(key) && prev.status !== 'deleted') emit(prev, 'offboarded', { reason: 'absent' });
    }
  }
  return events.sort(compareEvents);
}

function compareOne(
  prev: ObservedNhi,
  cur: ObservedNhi,
  emit: (nhi: ObservedNhi, type: NhiEventType, details: NhiLifecycleEvent['details']) => void,
): void {
  if (prev.status !== cur.status) {
    if (cur.status === 'deleted') emit(cur, 'offboarded', { reason: 'status', from: prev.status });
    else if (cur.status === 'disabled') emit(cur, 'disabled', { from: prev.status });
    else emit(cur, 're-enabled', { from: prev.status });
  }
  if (normalOwner(prev.ownerHint) !== normalOwner(cur.ownerHint)) {
    emit(cur, 'owner-changed', { from: prev.ownerHint, to: cur.ownerHint, source: cur.ownerSource });
  }
}

// Owner hints differ in case and spacing between exports (`Fatima.Zahra@Example.com`); that is no change of owner.
function normalOwner(hint: string | null): string | null {
  const value = hint?.trim().toLowerCase() ?? '';
  return value === '' ? null : value;
}

/**
 * A credential was rotated when its rotation time moved forward. A value that
 * vanishes or moves backwards is the export losing information (AWS prints
 * `N/A` for an inactive key), not a rotation. A first value on an identity
 * that was active before counts: the export just started to say.
 */
function wasRotated(prev: ObservedNhi, cur: ObservedNhi): boolean {
  if (cur.lastRotatedAt === null || cur.lastRotatedAt === prev.lastRotatedAt) return false;
  if (prev.lastRotatedAt === null) return prev.status === 'active' && cur.status === 'active';
  const before = instantOf(prev.lastRotatedAt);
  const after = instantOf(cur.lastRotatedAt);
  if (before === null || after === null) return true;
  return after > before;
}

/** Live children (keys) per parent key: identities whose parent is it, within the same provider. */
function childrenByParent(nhis: Map<string, ObservedNhi>): Map<string, Set<string>> {
  const byParent = new Map<string, Set<string>>();
  for (const nhi of nhis.values()) {
    if (nhi.parentExternalId === null || nhi.status === 'deleted') continue;
    const parentKey = identityKey({ provider: nhi.provider, externalId: nhi.parentExternalId });
    const ids = byParent.get(parentKey) ?? new Set<string>();
    ids.add(nhi.externalId);
    byParent.set(parentKey, ids);
  }
  return byParent;
}

/**
 * A parent was rotated when one of its keys is gone and a new one appeared.
 * "Gone" needs proof: deleted status, or absence from a complete export.
 */
function keyChange(
  old: Set<string> | undefined,
  now: Set<string> | undefined,
  provider: NhiProvider,
  after: Map<string, ObservedNhi>,
  complete: boolean,
): NhiLifecycleEvent['details'] | null {
  // Most identities have no keys, or the same keys as before: no arrays for them.
  if (!old || !now || (old.size === now.size && [...old].every((id) => now.has(id)))) return null;
  const added = [...now].filter((id) => !old.has(id)).sort(compareText);
  const removed = [...old]
    .filter((id) => !now.has(id))
    .filter((id) => complete || after.get(identityKey({ provider, externalId: id }))?.status === 'deleted')
    .sort(compareText);
  return added.length > 0 && removed.length > 0 ? { removedKeys: removed, addedKeys: added } : null;
}

function compareEvents(a: NhiLifecycleEvent, b: NhiLifecycleEvent): number {
  return (
    compareText(a.provider, b.provider) ||
    compareText(a.externalId, b.externalId) ||
    NHI_EVENT_TYPES.indexOf(a.type) - NHI_EVENT_TYPES.indexOf(b.type) ||
    compareText(stableJson(a.details), stableJson(b.details))
  );
}
