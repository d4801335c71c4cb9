import { Badge } from '@mantine/core';
import type { Status } from '../api/types';
import { STATUS_COLORS } from './tones';

/** The status colours of every page (src/core/status-colors.ts through tones.ts). */
export const STATUS_COLOR: Record<Status, string> = STATUS_COLORS;

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
