import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, orgPath } from '../api/client';
import type { ControlListItem } from '../api/types';
import { applyChange, type ControlChange } from './matrix';

/** One inline edit of the matrix: which control and what changes. */
export interface ControlEdit {
  code: string;
  change: ControlChange;
}

/** What the matrix says after a failed edit, e.g. "Could not change the owner of OPS-10". */
export function editFailureTitle(edit: ControlEdit): string {
  return `Could not change the ${edit.change.kind} of ${edit.code}`;
}

/**
 * Changes a control's owner (`PUT …/owner`, leads) or cadence (`PATCH`, leads and the
 * control's owner) from the matrix. The list shows the change at once; a refused or
 * failed request puts the previous list back and leaves the error for the page to show.
 */
export function useControlEdit(org: string) {
  const queryClient = useQueryClient();
  const key = [org, 'controls'];
  return useMutation({
    mutationFn: async ({ code, change }: ControlEdit) => {
      const path = orgPath(org, `/controls/${encodeURIComponent(code)}`);
      if (change.kind === 'owner')
        await api(`${path}/owner`, { method: 'PUT', body: { ownerEmail: change.owner.email } });
      else await api(path, { method: 'PATCH', body: { cadence: change.cadence } });
    },
    onMutate: async ({ code, change }: ControlEdit) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<ControlListItem[]>(key);
      if (previous) queryClient.setQueryData(key, applyChange(previous, code, change));
      return { previous };
    },
    onError: (_error, _edit, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
    },
    // Readiness, the dashboard and the control page depend on owners and cadences.
    onSettled: () => queryClient.invalidateQueries({ queryKey: [org] }),
  });
}
