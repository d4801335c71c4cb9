import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Evidence } from '../api/types';
import { formatRecord, linkLabel } from './EvidenceContent';
import { EvidenceHistory } from './EvidenceHistory';
import { groupByPeriod } from './evidence-periods';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const piece = (over: Partial<Evidence>): Evidence => ({
  id: 'e1',
  requirementCode: 'AC-01-R1',
  kind: 'file',
  sha256: 'ab'.repeat(32),
  fileName: 'access review.pdf',
  url: null,
  description: null,
  effectiveStart: '2026-10-01',
  effectiveEnd: '2026-10-31',
  collectedAt: '2026-11-01T10:00:00Z',
  sourceType: 'document',
  collector: { type: 'user', id: 'u1', label: 'ada@x.example' },
  reviewState: 'accepted',
  review: null,
  ...over,
});

function renderHistory(items: Evidence[]) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <MantineProvider>
      <QueryClientProvider client={client}>
        <EvidenceHistory org="acme" items={items} canReview={false} onChanged={() => {}} />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

describe('evidence history', () => {
  it('opens a file by its name, a link by its host and path, and a record as indented JSON', async () => {
    const calls: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      calls.push(url);
      return new Response('{"users":2,"reviewed":true}', { status: 200 });
    });
    renderHistory([
      piece({ id: 'f1' }),
      piece({
        id: 'l1',
        kind: 'link',
        sha256: null,
        fileName: null,
        url: 'https://wiki.example/policies/ac/',
      }),
      piece({ id: 'r1', kind: 'record', fileName: 'record.json' }),
    ]);
    const file = screen.getByRole('link', { name: 'access review.pdf' });
    expect(file.getAttribute('href')).toBe('/api/v1/orgs/acme/evidence/f1/content');
    expect(file.getAttribute('target')).toBe('_blank');
    const link = screen.getByRole('link', { name: 'wiki.example/policies/ac ↗' });
    expect(link.getAttribute('href')).toBe('https://wiki.example/policies/ac/');
    expect(link.getAttribute('rel')).toContain('noopener');

    fireEvent.click(screen.getByRole('button', { name: 'View record' }));
    const dialog = await screen.findByRole('dialog');
    expect(await within(dialog).findByText(/"reviewed": true/)).toBeTruthy();
    expect(calls).toEqual(['/api/v1/orgs/acme/evidence/r1/content']);
  });

  it('collapses a long history by month: the newest open, older months on a click', () => {
    const items = [
      ...['2026-11-03', '2026-11-02'].map((d, i) =>
        piece({ id: `n${i}`, effectiveStart: d, effectiveEnd: d }),
      ),
      ...['2026-10-04', '2026-10-03', '2026-10-02', '2026-10-01'].map((d, i) =>
        piece({
          id: `o${i}`,
          effectiveStart: d,
          effectiveEnd: d,
          reviewState: i === 0 ? 'submitted' : 'accepted',
        }),
      ),
      piece({ id: 'old', effectiveStart: '2026-09-30', effectiveEnd: '2026-09-30' }),
    ];
    const { container } = renderHistory(items);
    expect(container.querySelectorAll('tr[data-evidence]')).toHaveLength(2);
    const october = screen.getByRole('button', { name: /October 2026 · 4 pieces \(1 waiting for review\)/ });
    expect(october.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(october);
    expect(container.querySelectorAll('tr[data-evidence]')).toHaveLength(6);
    expect(screen.getByRole('button', { name: /September 2026 · 1 piece$/ })).toBeTruthy();
  });

  it('groups only histories longer than six pieces; formats records and links readably', () => {
    expect(groupByPeriod([piece({})])).toBeNull();
    expect(formatRecord('{"a":[1]}')).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(formatRecord('not json')).toBe('not json');
    expect(linkLabel('https://github.com/acme/infra/pull/12?x=1')).toBe('github.com/acme/infra/pull/12?x=1');
    expect(linkLabel('nonsense')).toBe('nonsense');
  });
});
