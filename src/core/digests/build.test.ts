import { describe, expect, it } from 'vitest';
import type { EvidenceItem, MilestoneItem } from '../plan/types.js';
import { buildLeadDigest, buildOwnerDigests, compareSnapshots } from './build.js';
import { renderLeadDigest, renderOwnerDigest } from './render.js';
import type { SnapshotContent } from './schema.js';

const item = (fields: Partial<EvidenceItem>): EvidenceItem => ({
  key: `req:${fields.requirementCode}:${fields.dueOn}`,
  kind: 'evidence',
  requirementId: 'r',
  requirementCode: 'R1',
  controlId: 'c',
  controlCode: 'C-1',
  dueOn: '2026-12-10',
  ownerId: 'alice',
  doneOn: null,
  doneBy: null,
  ...fields,
});

const people = [
  { id: 'alice', name: 'Alice', status: 'active' },
  { id: 'bob', name: 'Bob', status: 'active' },
  { id: 'carol', name: 'Carol', status: 'departed' },
];

describe('buildOwnerDigests', () => {
  const today = '2026-12-07';
  const digests = buildOwnerDigests({
    today,
    people,
    planItems: [
      item({ requirementCode: 'DUE', dueOn: '2026-12-13' }),
      item({ requirementCode: 'LATER', dueOn: '2026-12-14' }),
      item({ requirementCode: 'LATE', dueOn: '2026-12-06' }),
      item({ requirementCode: 'DONE', dueOn: '2026-12-01', doneOn: '2026-11-30' }),
      item({ requirementCode: 'CAROLS', ownerId: 'carol', dueOn: '2026-12-01' }),
    ],
    rejected: [
      {
        evidenceId: 'e1',
        controlCode: 'C-2',
        requirementCode: 'R9',
        ownerId: 'bob',
        reason: 'wrong quarter',
        reviewer: 'Lena',
        reviewedOn: '2026-12-03',
      },
      {
        evidenceId: 'e0',
        controlCode: 'C-2',
        requirementCode: 'R8',
        ownerId: 'bob',
        reason: 'too old to list',
        reviewer: 'Lena',
        reviewedOn: '2026-11-20',
      },
    ],
    findings: [
      { id: 'f1', title: 'Open one', severity: 'high', ownerId: 'bob', dueOn: null, resolvedOn: null },
      {
        id: 'f2',
        title: 'Closed one',
        severity: 'low',
        ownerId: 'bob',
        dueOn: null,
        resolvedOn: '2026-12-01',
      },
    ],
    addressed: [
      {
        kind: 'request',
        personId: 'alice',
        title: 'Send the HR export',
        detail: null,
        dueOn: '2026-12-09',
        link: '/requests/1',
      },
    ],
  });

  it('gives each active person exactly their items, by kind, and nothing to the departed', () => {
    expect(digests.map((d) => d.personId)).toEqual(['alice', 'bob']);
    const [alice, bob] = digests;
    expect(alice!.due.map((i) => i.title)).toEqual(['Evidence DUE for C-1']);
    expect(alice!.overdue.map((i) => i.title)).toEqual(['Evidence LATE for C-1']);
    expect(alice!.requests.map((i) => i.link)).toEqual(['/requests/1']);
    expect(alice!.rejected).toEqual([]);
    expect(bob!.rejected).toEqual([
      expect.objectContaining({ title: 'Evidence R9 for C-2 was rejected by Lena', detail: 'wrong quarter' }),
    ]);
    expect(bob!.findings.map((f) => f.title)).toEqual(['Open one']);
    expect(bob!.due).toEqual([]);
  });

  it('renders the items with absolute links in text, HTML (escaped) and webhook blocks', () => {
    const r = renderOwnerDigest(digests[0]!, 'https://ar.example/o/acme');
    expect(r.subject).toBe('This week for Alice: 3 items');
    expect(r.text).toContain(
      '- Evidence LATE for C-1 (due 2026-12-06) <https://ar.example/o/acme/controls/C-1>',
    );
    expect(r.html).toContain('<a href="https://ar.example/o/acme/requests/1">');
    expect(r.webhook.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: r.subject } });
    const hostile = renderOwnerDigest(
      { ...digests[0]!, due: [{ ...digests[0]!.due[0]!, title: 'a <script> & b' }] },
      'https://ar.example',
    );
    expect(hostile.html).not.toContain('<script>');
    expect(hostile.html).toContain('a &lt;script&gt; &amp; b');
    expect(JSON.stringify(hostile.webhook.blocks)).toContain('a &lt;script&gt; &amp; b');
  });
});

describe('snapshots and the lead digest', () => {
  const snap = (status: Record<string, 'gap' | 'ready'>, gaps: number): SnapshotContent => ({
    at: '2026-12-07',
    engagementId: null,
    controls: {
      gap: Object.values(status).filter((s) => s === 'gap').length,
      'at-risk': 0,
      excepted: 0,
      ready: Object.values(status).filter((s) => s === 'ready').length,
      'not-applicable': 0,
    },
    categories: [{ frameworkId: 'soc2', code: 'CC6', title: 'Access', counts: { gap: gaps, ready: 1 } }],
    controlStatus: status,
  });

  it('compares with last week: counts, categories, new and closed gaps; the first week has no before', () => {
    const change = compareSnapshots('2026-12-07', snap({ A: 'gap', B: 'ready', C: 'gap' }, 2), {
      week: '2026-11-30',
      content: snap({ A: 'gap', B: 'gap', C: 'ready' }, 3),
    });
    expect(change.controls.gap).toEqual({ now: 2, before: 2, change: 0 });
    expect(change.newGaps).toEqual(['C']);
    expect(change.closedGaps).toEqual(['B']);
    expect(change.categories).toEqual([
      {
        frameworkId: 'soc2',
        code: 'CC6',
        title: 'Access',
        gapsNow: 2,
        gapsBefore: 3,
        readyNow: 1,
        readyBefore: 1,
      },
    ]);
    const first = compareSnapshots('2026-12-07', snap({ A: 'gap' }, 1), null);
    expect(first).toMatchObject({ previousWeek: null, newGaps: ['A'] });
    expect(first.controls.gap).toEqual({ now: 1, before: null, change: 1 });
  });

  it('lists milestones within 30 days not done, and names failed collections', () => {
    const milestone = (
      code: MilestoneItem['code'],
      dueOn: string,
      doneOn: string | null = null,
    ): MilestoneItem => ({
      key: `milestone:${code}`,
      kind: 'milestone',
      code,
      title: code,
      dueOn,
      ownerId: null,
      doneOn,
      doneBy: null,
    });
    const change = compareSnapshots('2026-12-07', snap({ A: 'gap' }, 1), null);
    const d = buildLeadDigest({
      today: '2026-12-07',
      lead: { id: 'lena', name: 'Lena', status: 'active' },
      change,
      readiness: {
        at: '2026-12-07',
        engagementId: null,
        controls: [],
        criteria: [],
        categories: [],
        frameworks: [],
        owners: [],
        summary: {} as never,
        outOfScope: [],
      },
      milestones: [
        milestone('evidence-freeze', '2027-01-06'),
        milestone('policies-approved', '2026-12-20', '2026-12-01'),
        milestone('gap-remediation', '2027-01-07'),
        milestone('readiness-assessment', '2026-12-01'),
      ],
      failedCollections: [{ source: 'roster /srv/hr.csv', error: 'ENOENT' }],
    });
    expect(d.milestones.map((m) => m.title)).toEqual(['readiness-assessment', 'evidence-freeze']);
    expect(d.newGaps).toEqual([
      { controlCode: 'A', title: 'A', reason: null, ownerName: null, link: '/controls/A' },
    ]);
    const r = renderLeadDigest(d, 'https://ar.example/o/acme');
    expect(r.text).toContain('Failed collections:\n- roster /srv/hr.csv: ENOENT');
    expect(r.subject).toBe('Readiness this week: 1 gaps (first snapshot)');
  });
});
