import { describe, expect, it } from 'vitest';
import { observationSeen } from './seen.js';

const stored = { import_id: 'i1', observed_at: '2026-11-01T00:00:00Z', status: 'active' };

describe('observationSeen', () => {
  it('is the latest import of the source when that export was complete and the observation is live', () => {
    expect(observationSeen(stored, { id: 'i3', complete: 1, at: '2026-11-03T00:00:00Z' })).toEqual({
      importId: 'i3',
      observedAt: '2026-11-03T00:00:00Z',
    });
  });

  it('is the stored import when the latest export was incomplete (it says nothing of what it left out)', () => {
    expect(observationSeen(stored, { id: 'i3', complete: 0, at: '2026-11-03T00:00:00Z' })).toEqual({
      importId: 'i1',
      observedAt: '2026-11-01T00:00:00Z',
    });
  });

  it('is the stored import for an observation marked deleted, or with no import of the source known', () => {
    const deleted = { ...stored, status: 'deleted' };
    expect(observationSeen(deleted, { id: 'i3', complete: 1, at: '2026-11-03T00:00:00Z' }).importId).toBe(
      'i1',
    );
    expect(observationSeen(stored, undefined).importId).toBe('i1');
  });

  it('never moves an observation back to an older time', () => {
    expect(observationSeen(stored, { id: 'i0', complete: 1, at: '2026-10-01T00:00:00Z' }).importId).toBe(
      'i1',
    );
  });
});
