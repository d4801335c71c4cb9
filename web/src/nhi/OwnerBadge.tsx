import { Badge, Text, Tooltip } from '@mantine/core';
import { TONE } from '../components/tones';
import { ownerState } from './nhi';
import type { Nhi } from './types';

/**
 * The owner of an identity, "Its parent's" for a key without an owner of its
 * own, or a badge in words ("Orphaned", "No owner") with the reason on hover.
 */
export function OwnerBadge({
  nhi,
}: {
  nhi: Pick<Nhi, 'owner' | 'ownerHint' | 'openFindings' | 'parentExternalId'>;
}) {
  const state = ownerState(nhi);
  if (state.kind === 'parent') {
    return (
      <Text size="sm" c="gray.7" truncate title={`Owned with ${state.parent}`} data-owner-state="parent">
        Its parent's
      </Text>
    );
  }
  if (state.kind === 'owner') {
    return (
      <Text size="sm" truncate title={`${state.email} (${state.source})`} data-owner={state.email}>
        {state.name}
      </Text>
    );
  }
  return (
    <Tooltip label={state.reason} withArrow>
      <Badge
        color={state.kind === 'orphaned' ? TONE.danger : TONE.muted}
        variant="outline"
        data-owner-state={state.kind}
        tabIndex={0}
        aria-label={`${state.kind === 'orphaned' ? 'Orphaned' : 'No owner'}: ${state.reason}`}
      >
        {state.kind === 'orphaned' ? 'Orphaned' : 'No owner'}
      </Badge>
    </Tooltip>
  );
}
