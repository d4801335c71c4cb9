import { Badge } from '@mantine/core';
import type { Status } from '../api/types';

export const STATUS_COLOR: Record<Status, string> = {
  gap: 'red.8',
  'at-risk': '#a63a0b',
  excepted: 'grape.8',
  ready: 'teal.9',
  'not-applicable': 'gray.7',
};

export const STATUS_LABEL: Record<Status, string> = {
  gap: 'Gap',
  'at-risk': 'At risk',
  excepted: 'Excepted',
  ready: 'Ready',
  'not-applicable': 'N/A',
};

/** The readiness status of a control as a coloured badge with words (never colour alone). */
export function StatusBadge({ status }: { status: Status }) {
  return (
    <Badge color={STATUS_COLOR[status]} variant="filled" data-status={status}>
      {STATUS_LABEL[status]}
    </Badge>
  );
}
