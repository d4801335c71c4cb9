import { Switch, Text } from '@mantine/core';
import type { Organization } from '@server/modules/organizations/organization.schema';
import { useQueryClient } from '@tanstack/react-query';
import { api, orgPath } from '../api/client';
import { useOrganization } from '../api/queries';
import { ErrorNote } from '../components/ErrorNote';
import { useAction } from '../components/useAction';

/** The organization's evidence review rule: whoever uploaded a piece of evidence may not accept it. */
export function ReviewSettings({ org }: { org: string }) {
  const organization = useOrganization(org);
  const queryClient = useQueryClient();
  const { busy, error, run } = useAction(async (separateReview: boolean) => {
    const updated = await api<Organization>(orgPath(org, ''), { method: 'PATCH', body: { separateReview } });
    queryClient.setQueryData([org, 'organization'], updated);
  });
  if (!organization.data) return organization.error ? <ErrorNote error={organization.error} /> : null;
  return (
    <>
      <Switch
        label="Separation of duties: whoever uploaded a piece of evidence may not accept it"
        checked={organization.data.separateReview}
        disabled={busy}
        onChange={(e) => run(e.currentTarget.checked)}
      />
      <Text size="sm" c="gray.7" mt={4}>
        On by default. The uploader may still reject (withdraw) their own upload; imports and the command
        line, which act as the system, are not affected.
      </Text>
      {error ? <ErrorNote error={error} /> : null}
    </>
  );
}
