import { Text, Timeline } from '@mantine/core';
import { localDateTime } from '../components/days';
import { EVENT_LABEL, eventOrigin, eventSummary } from './nhi';
import type { NhiEvent } from './types';

const COLOR: Record<string, string> = {
  created: '#087f5b',
  rotated: '#1864ab',
  reviewed: '#5f3dc4',
  'owner-changed': '#343a40',
  're-enabled': '#087f5b',
  disabled: '#a63a0b',
  offboarded: '#c92a2a',
};

/** An identity's lifecycle history, oldest first: what happened, when, and which import (or person) said so. */
export function NhiTimeline({ events, names }: { events: NhiEvent[]; names?: Map<string, string> }) {
  if (events.length === 0) {
    return (
      <Text size="sm" c="gray.7">
        No lifecycle event yet: events appear as imports see the identity change.
      </Text>
    );
  }
  return (
    <Timeline bulletSize={14} lineWidth={2} active={events.length - 1} data-testid="nhi-timeline">
      {events.map((e) => (
        <Timeline.Item
          key={e.id}
          color={COLOR[e.type] ?? '#343a40'}
          data-event={e.type}
          title={
            <Text size="sm" fw={600} component="span">
              {EVENT_LABEL[e.type] ?? e.type}{' '}
              <Text span size="xs" c="gray.7" fw={400}>
                {localDateTime(e.at)}
              </Text>
            </Text>
          }
        >
          <Text size="sm">{eventSummary(e, names)}</Text>
          <Text size="xs" c="gray.7">
            {eventOrigin(e)}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
