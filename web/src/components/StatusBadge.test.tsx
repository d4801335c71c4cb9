import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { MilestoneTimeline } from '../dashboard/MilestoneTimeline';
import { StatusBadge } from './StatusBadge';

describe('StatusBadge and MilestoneTimeline', () => {
  it('names the status in words, not colour alone', () => {
    render(
      <MantineProvider>
        <StatusBadge status="at-risk" />
      </MantineProvider>,
    );
    expect(screen.getByText('At risk').closest('[data-status]')?.getAttribute('data-status')).toBe('at-risk');
  });
  it('marks milestones overdue and tells what to do when there are none', () => {
    const { container } = render(
      <MantineProvider>
        <MilestoneTimeline
          today="2026-12-05"
          milestones={[
            {
              key: 'a',
              kind: 'milestone',
              code: 'gap-remediation',
              title: 'Gap remediation',
              dueOn: '2026-12-01',
              ownerId: null,
              doneOn: null,
              doneBy: null,
            },
          ]}
        />
        <MilestoneTimeline today="2026-12-05" milestones={[]} />
      </MantineProvider>,
    );
    expect(container.querySelector('[data-state="overdue"]')).not.toBeNull();
    expect(screen.getByText(/create an engagement/)).toBeTruthy();
  });
});

describe('status colours', () => {
  it('are one table: the badge, the dashboard charts and the PDF charts use the same values', async () => {
    const { STATUS_COLOR } = await import('./StatusBadge');
    const { STATUS_COLORS: pdf } = await import('../../../src/core/reports/charts');
    const { STATUS_COLORS } = await import('./tones');
    expect(STATUS_COLOR).toEqual(STATUS_COLORS);
    expect(pdf).toBe(STATUS_COLORS);
  });
});
