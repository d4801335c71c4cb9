import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, createRootRoute, createRouter, RouterProvider } from '@tanstack/react-router';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FindingTags } from './FindingTags';
import { NhiImport } from './NhiImport';
import { NhiTable } from './NhiTable';
import { NhiTimeline } from './NhiTimeline';
import { cisLabel, eventSummary, importSummary, ownerState } from './nhi';
import { findingQuery, nhiQuery } from './queries';
import type { Nhi, NhiEvent, NhiImportResult } from './types';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

// happy-dom lays nothing out: give the table's scroll box the height a browser would (600 px).
const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.getAttribute('data-testid') === 'nhi-table' ? 600 : 0;
    },
  });
});
afterAll(() => {
  if (clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight);
});

const nhi = (i: number, fields: Partial<Nhi> = {}): Nhi => ({
  id: `id-${i}`,
  provider: 'aws',
  kind: 'iam-user',
  externalId: `arn:aws:iam::111122223333:user/svc-${i}`,
  name: `svc-${i}`,
  parentExternalId: null,
  owner: null,
  ownerHint: null,
  ownerHintSource: null,
  purpose: null,
  environment: null,
  privilegeSummary: null,
  privileged: false,
  authMethod: 'static-key',
  createdAt: '2024-01-01T00:00:00Z',
  lastUsedAt: null,
  lastRotatedAt: null,
  expiresAt: null,
  rotationPolicyDays: null,
  status: 'active',
  firstSeenImportId: null,
  lastSeenImportId: null,
  attributes: {},
  openFindings: [],
  recordedAt: '2026-11-28T00:00:00Z',
  updatedAt: '2026-11-28T00:00:00Z',
  ...fields,
});

const event = (type: string, details: Record<string, unknown>, fields: Partial<NhiEvent> = {}): NhiEvent => ({
  id: `e-${type}`,
  type,
  at: '2026-11-28T12:00:00Z',
  importId: null,
  source: null,
  fileName: null,
  details,
  ...fields,
});

function renderIn(node: ReactNode) {
  return render(<MantineProvider>{node}</MantineProvider>);
}

async function renderWithRouter(node: ReactNode) {
  const root = createRootRoute({ component: () => node });
  const router = createRouter({ routeTree: root, history: createMemoryHistory({ initialEntries: ['/'] }) });
  render(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient()}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>,
  );
  await screen.findByRole('table');
}

/** A fake API answering one upload. */
function fakeUpload(status: number, body: unknown) {
  const calls: { url: string; form: FormData }[] = [];
  vi.stubGlobal('fetch', async (url: string, init: { body?: FormData } = {}) => {
    calls.push({ url, form: init.body as FormData });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  return calls;
}

describe('NHI helpers', () => {
  it('says why an identity has no owner that counts, following the orphaned rule', () => {
    expect(
      ownerState(
        nhi(1, {
          owner: { personId: 'p', email: 'a@x.io', name: 'Ada', status: 'active', source: 'assigned' },
        }),
      ),
    ).toMatchObject({
      kind: 'owner',
      name: 'Ada',
    });
    const departed = ownerState(
      nhi(2, {
        owner: { personId: 'p', email: 'bob@x.io', name: 'Bob', status: 'departed', source: 'inferred' },
        openFindings: ['nhi-orphaned'],
      }),
    );
    expect(departed).toEqual({ kind: 'orphaned', reason: 'Bob (bob@x.io) has left' });
    expect(ownerState(nhi(3, { ownerHint: 'platform-team@x.io', openFindings: ['nhi-orphaned'] }))).toEqual({
      kind: 'orphaned',
      reason: 'the export names platform-team@x.io, who is not in the roster',
    });
    expect(ownerState(nhi(4)).kind).toBe('none');
    // A key without an owner of its own names whom it answers to, in words.
    expect(
      ownerState(
        nhi(5, { kind: 'access-key', parentExternalId: 'arn:aws:iam::418273645091:user/alice.nguyen' }),
      ),
    ).toMatchObject({ kind: 'parent', words: 'via alice.nguyen (IAM user)' });
  });

  it('words lifecycle events, naming people and the note of a review', () => {
    const names = new Map([['p-raj', 'Raj Iyer']]);
    expect(
      eventSummary(
        event('owner-changed', { reason: 'assigned', toPersonId: 'p-raj', toEmail: 'raj@x.io' }),
        names,
      ),
    ).toBe('Owner assigned: Raj Iyer (raj@x.io).');
    expect(eventSummary(event('reviewed', { by: 'Maya Chen', note: 'still needed' }))).toBe(
      'Reviewed by Maya Chen: “still needed”',
    );
    expect(eventSummary(event('offboarded', { reason: 'absent' }))).toMatch(/complete export/);
    expect(
      eventSummary(
        event('rotated', {
          from: '2025-01-01T00:00:00Z',
          to: '2026-10-01T00:00:00Z',
          removedKeys: ['a'],
          addedKeys: ['b'],
        }),
      ),
    ).toBe('rotated on 2026-10-01 (before: 2025-01-01); 1 key(s) replaced by 1 new.');
  });

  it('builds list queries with only the filters set, and labels CIS with benchmark, version and control', () => {
    expect(
      nhiQuery(
        { search: ' svc ', kind: null, provider: 'aws', status: null, orphaned: true, rule: 'nhi-unused' },
        'c1',
      ),
    ).toBe('limit=100&search=svc&provider=aws&orphaned=true&finding=nhi-unused&cursor=c1');
    expect(findingQuery({ rule: null, severity: 'high', state: 'resolved' }, null)).toBe(
      'limit=100&severity=high&open=false',
    );
    expect(findingQuery({ rule: null, severity: null, state: 'all' }, null)).toBe('limit=100');
    expect(
      cisLabel({
        benchmark: 'CIS Amazon Web Services Foundations Benchmark',
        version: '6.0.0',
        control: '2.13',
      }),
    ).toBe('CIS AWS Foundations v6.0.0 · 2.13');
    expect(cisLabel({ benchmark: 'CIS Oracle Cloud Benchmark', version: '2.0', control: '1.1' })).toBe(
      'CIS Oracle Cloud v2.0 · 1.1',
    );
  });
});

describe('NHI components', () => {
  it('shows the lifecycle history in order, with the import each event came from', () => {
    renderIn(
      <NhiTimeline
        events={[
          event(
            'created',
            { status: 'active' },
            { source: 'aws-credential-report', fileName: 'report.csv', importId: 'i1' },
          ),
          event('reviewed', { by: 'Maya Chen', note: null }),
        ]}
      />,
    );
    const items = document.querySelectorAll('[data-event]');
    expect([...items].map((i) => i.getAttribute('data-event'))).toEqual(['created', 'reviewed']);
    expect(items[0]!.textContent).toContain('import of AWS IAM credential report (report.csv)');
    expect(items[1]!.textContent).toContain('Reviewed by Maya Chen.');
    expect(items[1]!.textContent).toContain('recorded by a person');
  });

  it('says there is no history yet rather than showing an empty timeline', () => {
    renderIn(<NhiTimeline events={[]} />);
    expect(screen.getByText(/No lifecycle event yet/)).toBeTruthy();
  });

  it('tags a finding with its OWASP NHI Top 10 id, CIS benchmark version and control, and SOC 2 criteria', () => {
    renderIn(
      <FindingTags
        finding={{
          owasp: ['NHI7:2025'],
          cis: [
            { benchmark: 'CIS Google Cloud Platform Foundation Benchmark', version: '4.0.0', control: '1.7' },
          ],
          soc2: ['CC6.1', 'CC6.2'],
        }}
      />,
    );
    const tags = [...document.querySelectorAll('[data-tag]')].map(
      (t) => `${t.getAttribute('data-tag')}:${t.textContent}`,
    );
    expect(tags).toEqual([
      'owasp:OWASP NHI7:2025',
      'cis:CIS GCP Foundation v4.0.0 · 1.7',
      'soc2:SOC 2 CC6.1',
      'soc2:SOC 2 CC6.2',
    ]);
  });

  it('lists identities with owner badges, asks for more near the end, and hides checkboxes from readers', async () => {
    const onLoadMore = vi.fn();
    const rows = [
      nhi(1, { ownerHint: 'ghost', openFindings: ['nhi-orphaned', 'nhi-unused'] }),
      nhi(2, {
        owner: { personId: 'p', email: 'ada@x.io', name: 'Ada Byron', status: 'active', source: 'assigned' },
      }),
    ];
    await renderWithRouter(
      <NhiTable
        org="acme"
        rows={rows}
        selected={null}
        onSelect={() => undefined}
        hasMore
        loadingMore={false}
        onLoadMore={onLoadMore}
        today="2026-11-29"
      />,
    );
    const first = document.querySelector('[data-nhi="svc-1"]') as HTMLElement;
    expect(within(first).getByText('Orphaned')).toBeTruthy();
    expect(within(first).getByText(/No live owner, Unused/)).toBeTruthy();
    expect(document.querySelector('[data-nhi="svc-2"] [data-owner="ada@x.io"]')?.textContent).toBe(
      'Ada Byron',
    );
    expect(screen.queryAllByRole('checkbox')).toHaveLength(0);
    await waitFor(() => expect(onLoadMore).toHaveBeenCalled());
  });

  it('shows where an import failed (file, line, reason) and what a good one did', async () => {
    const calls = fakeUpload(422, {
      error: {
        code: 'import_failed',
        message: 'report.csv, line 5: not an ARN',
        details: { file: 'report.csv', line: 5, reason: 'arn: not an IAM ARN' },
      },
    });
    const onImported = vi.fn();
    renderIn(<NhiImport org="acme" opened onClose={() => undefined} onImported={onImported} />);
    fireEvent.click(screen.getByPlaceholderText('Pick what the file is'));
    fireEvent.click(await screen.findByRole('option', { name: 'AWS IAM credential report' }));
    expect(screen.getByTestId('import-command').textContent).toContain('aws iam get-credential-report');
    const input = document.querySelector('input[type=file]') as HTMLInputElement;
    fireEvent.change(input, {
      target: { files: [new File(['user,arn\n'], 'report.csv', { type: 'text/csv' })] },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    const problem = await screen.findByTestId('import-problem');
    expect(problem.textContent).toContain('Line: 5');
    expect(problem.textContent).toContain('Reason: arn: not an IAM ARN');
    expect(onImported).not.toHaveBeenCalled();
    expect(calls[0]!.url).toBe('/api/v1/orgs/acme/nhi/imports');
    expect([...calls[0]!.form.keys()]).toEqual(['kind', 'file']);
    expect(calls[0]!.form.get('kind')).toBe('aws-credential-report');

    const result: NhiImportResult = {
      status: 'imported',
      importId: 'i1',
      kind: 'aws-credential-report',
      scope: null,
      fileName: 'report.csv',
      sha256: 'ab',
      exportedAt: null,
      effectiveOn: '2026-11-28',
      complete: true,
      evidenceIds: ['e1'],
      counts: {
        records: 15,
        identities: 20,
        leaks: 0,
        created: 20,
        updated: 0,
        unchanged: 0,
        offboarded: 0,
        events: 20,
        leaksNew: 0,
        findingsOpened: 9,
        findingsResolved: 0,
        findingsUpdated: 0,
      },
    };
    fakeUpload(201, result);
    fireEvent.change(input, { target: { files: [new File(['ok'], 'report.csv', { type: 'text/csv' })] } });
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect((await screen.findByTestId('import-result')).textContent).toBe(importSummary(result));
    expect(onImported).toHaveBeenCalledWith(result);
    expect(screen.queryByTestId('import-problem')).toBeNull();
  });

  it('asks for the scope where the file cannot say it (GitHub Actions secrets)', async () => {
    fakeUpload(500, {});
    renderIn(<NhiImport org="acme" opened onClose={() => undefined} onImported={() => undefined} />);
    fireEvent.click(screen.getByPlaceholderText('Pick what the file is'));
    fireEvent.click(await screen.findByRole('option', { name: 'GitHub Actions secrets' }));
    const input = document.querySelector('input[type=file]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File(['{}'], 'secrets.json')] } });
    const button = screen.getByRole('button', { name: 'Import' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    fireEvent.change(screen.getByRole('textbox', { name: /Scope/ }), {
      target: { value: 'example-org/payments-api' },
    });
    expect(button.disabled).toBe(false);
  });
});
