import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { merkleRoot } from '../ledger/merkle.js';
import {
  batchCommitmentOf,
  LeafList,
  type NhiEventContent,
  nhiChangeHash,
  nhiEventHash,
} from './change-batch.js';

const EVENT: NhiEventContent = {
  id: 'e1',
  org_id: 'o1',
  nhi_id: 'n1',
  import_id: 'i1',
  batch_id: 'i1',
  seq: 0,
  type: 'rotated',
  at: '2026-11-28T06:00:00.000Z',
  details: '{"from":"a","to":"b"}',
};

describe('NHI batch leaves', () => {
  it("hashes an event's columns as sorted-key JSON without white space, as any JSON library can redo", () => {
    const text =
      '{"at":"2026-11-28T06:00:00.000Z","batch_id":"i1","details":"{\\"from\\":\\"a\\",\\"to\\":\\"b\\"}",' +
      '"id":"e1","import_id":"i1","nhi_id":"n1","org_id":"o1","seq":0,"type":"rotated"}';
    expect(nhiEventHash(EVENT)).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('changes the hash with any column, the position included', () => {
    const base = nhiEventHash(EVENT);
    for (const edit of [
      { seq: 1 },
      { details: '{}' },
      { nhi_id: 'n2' },
      { import_id: null },
      { type: 'created' },
    ]) {
      expect(nhiEventHash({ ...EVENT, ...edit })).not.toBe(base);
    }
    const change = {
      batch_id: 'b',
      seq: 0,
      org_id: 'o',
      record_type: 'finding',
      record_id: 'f',
      action: 'resolve',
      change: '{}',
    };
    expect(nhiChangeHash(change)).not.toBe(nhiChangeHash({ ...change, action: 'create' }));
  });

  it('commits to the count and the RFC 6962 root of the leaves in order', () => {
    const list = new LeafList();
    expect(list.commitment()).toEqual({ count: 0, root: merkleRoot([]).toString('hex') });
    const hashes = ['a', 'b', 'c'].map((x) => createHash('sha256').update(x).digest('hex'));
    for (const h of hashes) list.append(h);
    expect(list.commitment()).toEqual({
      count: 3,
      root: merkleRoot(hashes.map((h) => Buffer.from(h, 'hex'))).toString('hex'),
    });
  });

  it('reads a commitment back from a ledger entry, and nothing from an entry without one', () => {
    const c = { events: { count: 1, root: 'ab' }, changes: { count: 0, root: 'cd' } };
    expect(batchCommitmentOf({ ...c, kind: 'x' })).toEqual(c);
    expect(batchCommitmentOf({ events: c.events })).toBeNull();
    expect(batchCommitmentOf(null)).toBeNull();
    expect(batchCommitmentOf({ events: { count: 1.5, root: 'ab' }, changes: c.changes })).toBeNull();
  });
});
