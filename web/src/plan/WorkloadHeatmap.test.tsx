import { MantineProvider } from '@mantine/core';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WorkloadHeatmap } from './WorkloadHeatmap';
import { workloadByWeek } from './workload';

const items = [
  { key: 'a1', kind: 'evidence', dueOn: '2027-01-12', ownerId: 'ann', doneOn: null },
  { key: 'a2', kind: 'evidence', dueOn: '2027-01-21', ownerId: 'ann', doneOn: null },
  { key: 'b1', kind: 'evidence', dueOn: '2027-01-21', ownerId: 'bob', doneOn: null },
];
const names: Record<string, string> = { ann: 'Ann Archer', bob: 'Bob Baker' };
const workload = workloadByWeek(items, (id) => names[id], '2027-01-20');

afterEach(cleanup);

describe('WorkloadHeatmap', () => {
  it('flags overdue cells in words and filters by owner on click (again to clear)', () => {
    const onSelect = vi.fn();
    const { container, rerender } = render(
      <MantineProvider>
        <WorkloadHeatmap workload={workload} currentWeek="2027-01-18" selected={null} onSelect={onSelect} />
      </MantineProvider>,
    );
    const overdue = container.querySelectorAll('[data-overdue]');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]!.getAttribute('data-week')).toBe('2027-01-11');
    expect(overdue[0]!.textContent).toContain('1 overdue');
    fireEvent.click(screen.getByRole('button', { name: 'Ann Archer' }));
    expect(onSelect).toHaveBeenLastCalledWith('ann');

    rerender(
      <MantineProvider>
        <WorkloadHeatmap workload={workload} currentWeek="2027-01-18" selected="ann" onSelect={onSelect} />
      </MantineProvider>,
    );
    const ann = screen.getByRole('button', { name: 'Ann Archer' });
    expect(ann.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(ann);
    expect(onSelect).toHaveBeenLastCalledWith(null);
  });
  it('says what to do when nothing is planned', () => {
    render(
      <MantineProvider>
        <WorkloadHeatmap
          workload={workloadByWeek([], () => undefined, '2027-01-20')}
          currentWeek="2027-01-18"
          selected={null}
          onSelect={() => undefined}
        />
      </MantineProvider>,
    );
    expect(screen.getByText(/Nothing is planned yet/)).toBeTruthy();
  });
});
