import { describe, expect, it } from 'vitest';
import {
  importsProving,
  isSystemGenerated,
  type ProvenanceRow,
  provenanceOn,
  provenanceShare,
  provenanceTrend,
} from './provenance.js';

const row = (overrides: Partial<ProvenanceRow> = {}): ProvenanceRow => ({
  id: 'e1',
  controlId: 'c1',
  sourceType: 'system-export',
  collectorType: 'user',
  collectedOn: '2026-09-01',
  supersededOn: null,
  rejectedOn: null,
  ...overrides,
});

describe('isSystemGenerated', () => {
  it('counts exports, immutable logs, ticket histories and what auditready collects as system-generated', () => {
    expect(isSystemGenerated('system-export', 'user')).toBe(true);
    expect(isSystemGenerated('immutable-log', 'token')).toBe(true);
    expect(isSystemGenerated('ticket-history', 'person')).toBe(true);
    expect(isSystemGenerated('document', 'system')).toBe(true);
    expect(isSystemGenerated('screenshot', 'user')).toBe(false);
    expect(isSystemGenerated('document', 'token')).toBe(false);
    expect(isSystemGenerated('attestation', 'person')).toBe(false);
  });
});

describe('provenanceOn', () => {
  it('counts the evidence current that day per control and overall', () => {
    const rows = [
      row(),
      row({ id: 'e2', sourceType: 'screenshot' }),
      row({ id: 'e3', controlId: 'c2', sourceType: 'document' }),
      // superseded before the day, rejected before the day, collected after the day: not current
      row({ id: 'e4', supersededOn: '2026-09-10' }),
      row({ id: 'e5', rejectedOn: '2026-09-10' }),
      row({ id: 'e6', collectedOn: '2026-09-20' }),
    ];
    const { overall, byControl } = provenanceOn(rows, '2026-09-15');
    expect(overall).toEqual({ system: 1, manual: 2, systemShare: 1 / 3 });
    expect(byControl.get('c1')).toEqual({ system: 1, manual: 1, systemShare: 0.5 });
    expect(byControl.get('c2')).toEqual({ system: 0, manual: 1, systemShare: 0 });
    expect(provenanceOn(rows, '2026-09-09').overall).toEqual({ system: 3, manual: 2, systemShare: 0.6 });
  });

  it('has no share without evidence', () => {
    expect(provenanceShare(0, 0)).toEqual({ system: 0, manual: 0, systemShare: null });
    expect(provenanceOn([], '2026-09-15').overall.systemShare).toBeNull();
  });
});

describe('provenanceTrend', () => {
  it('gives one point per week ending today, oldest first', () => {
    const rows = [row({ sourceType: 'screenshot' }), row({ id: 'e2', collectedOn: '2026-09-14' })];
    expect(provenanceTrend(rows, '2026-09-15', 3)).toEqual([
      { week: '2026-09-01', system: 0, manual: 1, systemShare: 0 },
      { week: '2026-09-08', system: 0, manual: 1, systemShare: 0 },
      { week: '2026-09-15', system: 1, manual: 1, systemShare: 0.5 },
    ]);
  });
});

describe('importsProving', () => {
  it('names the import kinds whose files prove a requirement', () => {
    expect(importsProving('NHI-11-E2').map((k) => k.name).length).toBeGreaterThan(0);
    expect(importsProving('AC-03-E1')).toEqual([]);
  });
});
