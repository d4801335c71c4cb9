import { Badge, Text, Tooltip } from '@mantine/core';
import { TONE } from '../components/tones';
import { ownerState } from './nhi';
import type { Nhi } from './types';

/**
 * The owner of an identity, "via svc-ci (IAM user)" for a key without an
 * owner of its own (its parent's owner answers for it), or a badge in words
 * ("Orphaned", "No owner") with the reason on hover.
 */
export function OwnerBadge({
  nhi,
}: {
  nhi: Pick<Nhi, 'kind' | 'owner' | 'ownerHint' | 'openFindings' | 'parentExternalId'>;
}) {
  const state = ownerState(nhi);
  if (state.kind === 'parent') {
    return (
      <Text
        size="sm"
        c="gray.7"
        truncate
        title={`No owner of its own: the owner of ${state.parent} answers for it`}
        data-owner-state="parent"
      >
        {state.words}
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
        style={{ flexShrink: 0, overflow: 'visible' }}
        aria-label={`${state.kind === 'orphaned' ? 'Orphaned' : 'No owner'}: ${state.reason}`}
      >
        {state.kind === 'orphaned' ? 'Orphaned' : 'No owner'}
      </Badge>
    </Tooltip>
  );
}
