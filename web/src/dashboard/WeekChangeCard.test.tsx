import { MantineProvider } from '@mantine/core';
import type { SnapshotChange } from '@server/core/digests/schema';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { changeLabel, WeekChangeView } from './WeekChangeCard';

afterEach(cleanup);

const view = (change: SnapshotChange | null) =>
  render(
    <MantineProvider>
      <WeekChangeView org="acme" change={change} />
    </MantineProvider>,
  );

const category = (code: string, gaps: [number, number | null], ready: [number, number | null]) => ({
  frameworkId: 'soc2',
  code,
  title: `Category ${code}`,
  gapsNow: gaps[0],
  gapsBefore: gaps[1],
  readyNow: ready[0],
  readyBefore: ready[1],
});

describe('the dashboard’s "since last week" card', () => {
  it('labels a change with its sign, and a count without a previous snapshot as new', () => {
    expect(changeLabel(5, 3)).toBe('+2');
    expect(changeLabel(1, 4)).toBe('−3');
    expect(changeLabel(2, 2)).toBe('±0');
    expect(changeLabel(2, null)).toBe('new');
  });

  it('says there is no snapshot yet before the first weekly run', () => {
    view(null);
    expect(screen.getByTestId('week-change-empty').textContent).toMatch(/^No weekly snapshot yet\./);
    expect(screen.queryByTestId('week-change')).toBeNull();
  });

  it('shows the statuses and categories of the two latest snapshots, new and closed gaps linked', () => {
    view({
      week: '2026-12-07',
      previousWeek: '2026-11-30',
      controls: {
        gap: { now: 3, before: 5, change: -2 },
        ready: { now: 10, before: 7, change: 3 },
        excepted: { now: 1, before: 1, change: 0 },
      },
      categories: [
        category('CC6', [2, 4], [6, 3]),
        category('CC7', [1, 1], [4, 4]),
        category('A1', [0, 0], [0, 0]),
      ],
      newGaps: ['AC-07'],
      closedGaps: ['AC-01', 'AC-02', 'CM-03'],
    });
    const card = screen.getByTestId('week-change');
    expect(card.dataset.week).toBe('2026-12-07');
    expect(card.dataset.previousWeek).toBe('2026-11-30');
    expect(card.textContent).toContain('Week of 2026-12-07 against the week of 2026-11-30.');
    const row = (s: string) =>
      within(screen.getByTestId(`week-change-${s}`))
        .getAllByRole('cell')
        .map((c) => c.textContent);
    expect(row('gap')).toEqual(['gap', '3', '−2']);
    expect(row('ready')).toEqual(['ready', '10', '+3']);
    expect(row('excepted')).toEqual(['excepted', '1', '±0']);
    // A status absent from both snapshots counts zero.
    expect(row('at-risk')).toEqual(['at-risk', '0', '±0']);
    const cat = within(screen.getByTestId('week-change-category-CC6')).getAllByRole('cell');
    expect(cat.map((c) => c.textContent)).toEqual(['CC6 Category CC6', '2 (−2)', '6 (+3)']);
    // A category with nothing in either week is left out.
    expect(screen.queryByTestId('week-change-category-A1')).toBeNull();
    expect(screen.getByText('New gaps (1)')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'AC-07' }).getAttribute('href')).toBe('/o/acme/controls/AC-07');
    expect(screen.getByText('Gaps closed (3)')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'CM-03' }).getAttribute('href')).toBe('/o/acme/controls/CM-03');
  });

  it('marks every count new on the first snapshot and lists no gap changes', () => {
    view({
      week: '2026-12-07',
      previousWeek: null,
      controls: { gap: { now: 4, before: null, change: 4 } },
      categories: [category('CC6', [4, null], [0, null])],
      newGaps: ['AC-01', 'AC-02', 'AC-03', 'AC-04'],
      closedGaps: [],
    });
    expect(screen.getByTestId('week-change').textContent).toContain(
      'First snapshot (week of 2026-12-07): nothing to compare with yet.',
    );
    expect(
      within(screen.getByTestId('week-change-gap'))
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['gap', '4', 'new']);
    expect(
      within(screen.getByTestId('week-change-ready'))
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['ready', '0', 'new']);
    expect(screen.queryByText(/^New gaps/)).toBeNull();
  });
});
