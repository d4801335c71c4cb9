import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { changeSummary, type SubjectLookup, subjectOf, verifyBanner } from './activity';
import type { useVerification, Verification } from './queries';
import { validateActivitySearch } from './search';
import { VerifyBanner } from './VerifyBanner';

const lookup: SubjectLookup = {
  people: new Map([['p1', 'Ada Lovelace']]),
  controls: new Map([['c1', 'AC-03']]),
  exceptions: new Map([['x1', 'on BC-04: DR test late']]),
  findings: new Map([['f1', 'Unreviewed merge']]),
};

describe('activity entry subjects', () => {
  it('names known records, links controls, and falls back to the change or a short id', () => {
    expect(subjectOf({ recordType: 'person', recordId: 'p1', change: {} }, lookup)).toEqual({
      label: 'person Ada Lovelace',
      controlCode: null,
    });
    expect(subjectOf({ recordType: 'control', recordId: 'c1', change: {} }, lookup)).toEqual({
      label: 'control AC-03',
      controlCode: 'AC-03',
    });
    expect(subjectOf({ recordType: 'exception', recordId: 'x1', change: {} }, lookup).label).toBe(
      'exception on BC-04: DR test late',
    );
    expect(
      subjectOf({ recordType: 'control', recordId: 'gone', change: { code: 'OPS-01' } }, lookup),
    ).toEqual({
      label: 'control OPS-01',
      controlCode: 'OPS-01',
    });
    expect(subjectOf({ recordType: 'api-token', recordId: 't1', change: { name: 'ci' } }, lookup).label).toBe(
      'API token ci',
    );
    expect(
      subjectOf({ recordType: 'user', recordId: '01a2262a-3b0d-74de-9d49-dcb45947151b', change: 3 }, lookup)
        .label,
    ).toBe('user 01a2262a…');
  });

  it('summarizes a change on one line, cut at the limit', () => {
    expect(changeSummary({ status: 'departed', departedOn: '2026-10-01', team: null })).toBe(
      'status: departed, departedOn: 2026-10-01, team: —',
    );
    expect(changeSummary({ controls: ['AC-03'] })).toBe('controls: ["AC-03"]');
    expect(changeSummary({ text: 'x'.repeat(200) }, 20)).toBe(`text: ${'x'.repeat(13)}…`);
  });
});

const checks: Verification['checks'] = [
  { name: 'chains', ok: true, summary: '1,353 entries in 1 chains re-hashed', problems: [] },
  { name: 'checkpoints', ok: true, summary: '1 latest stored checkpoints', problems: [] },
  {
    name: 'records',
    ok: true,
    summary: 'evidence 587 (stored rows) compared with what the activity log says',
    problems: [],
  },
  { name: 'evidence-files', ok: true, summary: '587 evidence files re-hashed', problems: [] },
];
const unchanged = {
  checks,
  checkpoints: { checked: 1, problems: [] },
  records: { compared: { evidence: 587 }, problems: [], more: 0 },
};
const intact: Verification = {
  ok: true,
  entries: 1353,
  chains: 1,
  problems: [],
  evidence: { checked: 587, problems: [] },
  ...unchanged,
};

describe('verify banner', () => {
  it('says the chain and the files are intact, with counts', () => {
    expect(verifyBanner(intact)).toEqual({
      ok: true,
      title: 'Integrity verified',
      chain: ['Chain intact: 1,353 entries re-hashed, every link matches.'],
      evidence: ['Evidence files intact: 587 files match their SHA-256.'],
      records: [
        '1 latest stored checkpoints: all match.',
        'evidence 587 (stored rows) compared with what the activity log says: all match.',
      ],
      brokenSeqs: [],
    });
  });

  it('names the entry where the chain breaks and the files that do not match', () => {
    const b = verifyBanner({
      ...unchanged,
      ok: false,
      entries: 1353,
      chains: 1,
      problems: [
        {
          chain: 'org',
          seq: 57,
          entryId: 'e57',
          message: 'its content does not match its hash: the entry was edited',
        },
      ],
      evidence: {
        checked: 587,
        problems: [
          {
            sha256: 'a'.repeat(64),
            evidenceId: 'ev1',
            problem: 'mismatch',
            message: 'evidence ev1: stored file … was changed',
          },
          {
            sha256: 'b'.repeat(64),
            evidenceId: 'ev2',
            problem: 'missing',
            message: 'evidence ev2: stored file … is missing',
          },
        ],
      },
    });
    expect(b.ok).toBe(false);
    expect(b.title).toBe('The activity log and evidence files were tampered with');
    expect(b.chain).toEqual([
      'Chain broken at entry 57 (id e57): its content does not match its hash: the entry was edited. Entries after it cannot be trusted.',
    ]);
    expect(b.evidence[0]).toBe(
      'Evidence files do not match: 1 file was changed, 1 file is missing (of 587 files).',
    );
    expect(b.evidence).toHaveLength(3);
    expect(b.brokenSeqs).toEqual([57]);
  });

  it('names a record that no longer matches the log', () => {
    const b = verifyBanner({
      ...intact,
      ok: false,
      checks: checks.map((c) =>
        c.name === 'records'
          ? {
              ...c,
              ok: false,
              problems: ['evidence review e1: decision is "accepted" but the activity log says "rejected"'],
            }
          : c,
      ),
    });
    expect(b.ok).toBe(false);
    expect(b.title).toBe('Records or signed checkpoints no longer match the activity log');
    expect(b.records).toContain(
      'evidence review e1: decision is "accepted" but the activity log says "rejected"',
    );
  });

  it('renders a broken result as an alert, an intact one as a status', () => {
    const query = (data: Verification) =>
      ({
        data,
        error: null,
        isPending: false,
        isFetching: false,
        refetch: async () => undefined,
        dataUpdatedAt: 0,
      }) as unknown as ReturnType<typeof useVerification>;
    const { unmount } = render(
      <MantineProvider>
        <VerifyBanner
          verification={query({
            ...intact,
            ok: false,
            problems: [{ chain: 'o', seq: 9, entryId: null, message: 'sequence jumps' }],
          })}
        />
      </MantineProvider>,
    );
    expect(screen.getByRole('alert').getAttribute('data-verify')).toBe('broken');
    expect(screen.getByText(/Chain broken at entry 9: sequence jumps/)).toBeTruthy();
    unmount();
    render(
      <MantineProvider>
        <VerifyBanner verification={query(intact)} />
      </MantineProvider>,
    );
    expect(screen.getByRole('status').getAttribute('data-verify')).toBe('ok');
    expect(screen.getByText(/587 files match/)).toBeTruthy();
  });
});

describe('activity filters in the address', () => {
  it('keeps known filters, drops malformed days and unknown keys', () => {
    expect(
      validateActivitySearch({
        recordType: ' finding ',
        from: '2026-03-01',
        to: '2026-3-9',
        other: 'x',
        actor: '',
      }),
    ).toEqual({ recordType: 'finding', from: '2026-03-01' });
  });
});
