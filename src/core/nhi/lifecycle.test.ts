import { describe, expect, it } from 'vitest';
import { ACCOUNT, buildNhi, daysAgo } from '../../../test/builders/nhi-records.js';
import { deriveLifecycleEvents } from './lifecycle.js';
import type { ObservedNhi } from './types.js';

const AT = '2026-11-28T12:00:00Z';
const full = { complete: true, at: AT };
const partial = { complete: false, at: AT };
const user = buildNhi({
  kind: 'iam-user',
  externalId: `arn:aws:iam::${ACCOUNT}:user/svc-app`,
  name: 'svc-app',
  parentExternalId: null,
  lastRotatedAt: null,
});
const key = buildNhi();
const types = (events: { type: string; externalId: string }[]) =>
  events.map((e) => `${e.type} ${e.externalId}`);

describe('deriveLifecycleEvents', () => {
  it('creates every live identity on a first import, stamped with the import time', () => {
    const events = deriveLifecycleEvents(null, [key, user], full);
    expect(types(events)).toEqual([`created ${user.externalId}`, `created ${key.externalId}`]);
    expect(events[0]).toMatchObject({
      kind: 'iam-user',
      provider: 'aws',
      at: AT,
      details: { status: 'active' },
    });
  });

  it('records nothing for an identity first seen already deleted', () => {
    expect(deriveLifecycleEvents([], [buildNhi({ status: 'deleted' })], full)).toEqual([]);
  });

  it('gives no event for the same input twice', () => {
    expect(deriveLifecycleEvents([user, key], [user, key], full)).toEqual([]);
    expect(deriveLifecycleEvents([user, key], [key, user], partial)).toEqual([]);
  });

  it('creates an identity that appears in a later import', () => {
    const other = buildNhi({ externalId: 'other', name: 'other' });
    expect(types(deriveLifecycleEvents([key], [key, other], partial))).toEqual(['created other']);
  });

  it('rotates a key whose rotation date moved forward', () => {
    const rotated = { ...key, lastRotatedAt: daysAgo(1) };
    const events = deriveLifecycleEvents([key], [rotated], full);
    expect(events).toEqual([
      {
        type: 'rotated',
        provider: 'aws',
        externalId: key.externalId,
        kind: 'access-key',
        at: AT,
        details: { from: key.lastRotatedAt, to: rotated.lastRotatedAt },
      },
    ]);
  });

  it('does not call a rotation date that vanished or moved backwards a rotation', () => {
    expect(deriveLifecycleEvents([key], [{ ...key, lastRotatedAt: null }], full)).toEqual([]);
    expect(deriveLifecycleEvents([key], [{ ...key, lastRotatedAt: daysAgo(400) }], full)).toEqual([]);
  });

  it('rotates a parent whose old key is gone and a new key appeared', () => {
    const gcpSa = buildNhi({
      kind: 'service-account',
      provider: 'gcp',
      externalId: 'sa@p.iam',
      parentExternalId: null,
    });
    const oldKey = buildNhi({
      kind: 'service-account-key',
      provider: 'gcp',
      externalId: 'k-old',
      parentExternalId: 'sa@p.iam',
    });
    const newKey = { ...oldKey, externalId: 'k-new' };
    const events = deriveLifecycleEvents([gcpSa, oldKey], [gcpSa, newKey], full);
    expect(types(events)).toEqual(['created k-new', 'offboarded k-old', 'rotated sa@p.iam']);
    expect(events[2]?.details).toEqual({ removedKeys: ['k-old'], addedKeys: ['k-new'] });
  });

  it('does not rotate a parent that only gained a key', () => {
    const sa = buildNhi({
      kind: 'service-account',
      provider: 'gcp',
      externalId: 'sa',
      parentExternalId: null,
    });
    const k1 = buildNhi({
      kind: 'service-account-key',
      provider: 'gcp',
      externalId: 'k1',
      parentExternalId: 'sa',
    });
    expect(types(deriveLifecycleEvents([sa], [sa, k1], full))).toEqual(['created k1']);
  });

  it('in a partial export, counts a key as gone only when it is marked deleted', () => {
    const sa = buildNhi({
      kind: 'service-account',
      provider: 'gcp',
      externalId: 'sa',
      parentExternalId: null,
    });
    const k1 = buildNhi({
      kind: 'service-account-key',
      provider: 'gcp',
      externalId: 'k1',
      parentExternalId: 'sa',
    });
    const k2 = { ...k1, externalId: 'k2' };
    expect(types(deriveLifecycleEvents([sa, k1], [sa, k2], partial))).toEqual(['created k2']);
    const deleted = { ...k1, status: 'deleted' as const };
    expect(types(deriveLifecycleEvents([sa, k1], [sa, deleted, k2], partial))).toEqual([
      'offboarded k1',
      'created k2',
      'rotated sa',
    ]);
  });

  it('merges a moved date and a changed key set into one rotation', () => {
    const parent = { ...user, lastRotatedAt: daysAgo(100) };
    const k2 = { ...key, externalId: 'k2', parentExternalId: user.externalId };
    const events = deriveLifecycleEvents([parent, key], [{ ...parent, lastRotatedAt: daysAgo(1) }, k2], full);
    expect(events.filter((e) => e.type === 'rotated')).toHaveLength(1);
    expect(events.find((e) => e.type === 'rotated')?.details).toMatchObject({
      to: daysAgo(1),
      removedKeys: [key.externalId],
      addedKeys: ['k2'],
    });
  });

  it('disables and re-enables', () => {
    const off = { ...key, status: 'disabled' as const };
    expect(deriveLifecycleEvents([key], [off], full)).toMatchObject([
      { type: 'disabled', details: { from: 'active' } },
    ]);
    expect(deriveLifecycleEvents([off], [key], full)).toMatchObject([
      { type: 're-enabled', details: { from: 'disabled' } },
    ]);
  });

  it('offboards an identity absent from a complete export, never from a partial one', () => {
    expect(deriveLifecycleEvents([user, key], [user], full)).toMatchObject([
      { type: 'offboarded', externalId: key.externalId, details: { reason: 'absent' } },
    ]);
    expect(deriveLifecycleEvents([user, key], [user], partial)).toEqual([]);
  });

  it('offboards an identity the export marks deleted, complete or not, once', () => {
    const gone = { ...key, status: 'deleted' as const };
    expect(deriveLifecycleEvents([key], [gone], partial)).toMatchObject([
      { type: 'offboarded', details: { reason: 'status', from: 'active' } },
    ]);
    expect(deriveLifecycleEvents([gone], [], full)).toEqual([]);
    expect(deriveLifecycleEvents([gone], [gone], full)).toEqual([]);
  });

  it('re-enables an identity restored from deletion', () => {
    const gone = { ...key, status: 'deleted' as const };
    expect(types(deriveLifecycleEvents([gone], [key], full))).toEqual([`re-enabled ${key.externalId}`]);
  });

  it('changes owner when the hint changes, not when only its case or spacing does', () => {
    const events = deriveLifecycleEvents([key], [{ ...key, ownerHint: 'bob@example.com' }], full);
    expect(events).toMatchObject([
      { type: 'owner-changed', details: { from: 'ada@example.com', to: 'bob@example.com', source: 'tag' } },
    ]);
    expect(deriveLifecycleEvents([key], [{ ...key, ownerHint: ' Ada@Example.com ' }], full)).toEqual([]);
    expect(types(deriveLifecycleEvents([key], [{ ...key, ownerHint: null }], full))).toEqual([
      `owner-changed ${key.externalId}`,
    ]);
  });

  it('matches by provider and external id: the same id under another provider is another identity', () => {
    const gcp: ObservedNhi = { ...key, provider: 'gcp' };
    expect(types(deriveLifecycleEvents([key], [gcp], full))).toEqual([
      `offboarded ${key.externalId}`,
      `created ${key.externalId}`,
    ]);
  });

  it('sorts by provider, external id, then event type', () => {
    const a = buildNhi({ externalId: 'a', ownerHint: 'x@example.com' });
    const b = buildNhi({ externalId: 'b' });
    const events = deriveLifecycleEvents(
      [b, a],
      [
        { ...a, status: 'disabled', ownerHint: 'y@example.com', lastRotatedAt: daysAgo(0) },
        { ...b, provider: 'github' },
      ],
      full,
    );
    expect(events.map((e) => `${e.provider} ${e.externalId} ${e.type}`)).toEqual([
      'aws a owner-changed',
      'aws a rotated',
      'aws a disabled',
      'aws b offboarded',
      'github b created',
    ]);
  });
});
