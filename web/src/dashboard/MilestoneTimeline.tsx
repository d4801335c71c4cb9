import { Badge, Text, Timeline } from '@mantine/core';
import type { PlanItem } from '../api/types';

export type MilestoneState = 'done' | 'overdue' | 'due';

/** Done when completed, overdue when its date has passed, due otherwise. */
export function milestoneState(m: Pick<PlanItem, 'doneOn' | 'dueOn'>, today: string): MilestoneState {
  if (m.doneOn) return 'done';
  return m.dueOn < today ? 'overdue' : 'due';
}

const BADGE: Record<MilestoneState, { color: string; label: string }> = {
  done: { color: 'teal.9', label: 'Done' },
  overdue: { color: 'red.8', label: 'Overdue' },
  due: { color: 'gray.7', label: 'Due' },
};

/** The plan's milestones in date order, each marked done, due or overdue. */
export function MilestoneTimeline({ milestones, today }: { milestones: PlanItem[]; today: string }) {
  if (milestones.length === 0)
    return <Text c="gray.7">No milestones: create an engagement to get a back-planned timeline.</Text>;
  const sorted = [...milestones].sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  const active = sorted.findIndex((m) => milestoneState(m, today) !== 'done');
  return (
    <Timeline active={active === -1 ? sorted.length : active - 1} bulletSize={14} lineWidth={2}>
      {sorted.map((m) => {
        const state = milestoneState(m, today);
        return (
          <Timeline.Item
            key={m.key}
            title={
              <Text size="sm" fw={600} component="span">
                {m.dueOn}{' '}
                <Badge size="xs" color={BADGE[state].color} variant="filled" data-state={state}>
                  {BADGE[state].label}
                </Badge>
              </Text>
            }
          >
            <Text size="sm">{m.title ?? m.code}</Text>
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
