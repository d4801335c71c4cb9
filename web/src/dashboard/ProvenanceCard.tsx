import { Paper, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { EChart } from '../components/EChart';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';
import { provenanceText, provenanceTrendOption, useProvenance } from './provenance';

/**
 * The dashboard's provenance card: the share of current evidence that systems
 * generated (exports, logs, ticket histories) rather than people assembled
 * (screenshots, documents, attestations), and its trend by week.
 */
export function ProvenanceCard({ org }: { org: string }) {
  const provenance = useProvenance(org);
  const option = useMemo(
    () => (provenance.data ? provenanceTrendOption(provenance.data.trend) : null),
    [provenance.data],
  );
  return (
    <Paper withBorder p="sm">
      <Title order={3} size="h5" mb="xs">
        Evidence provenance
      </Title>
      {provenance.error ? <ErrorNote error={provenance.error} /> : null}
      {provenance.isPending ? <Loading what="provenance" /> : null}
      {provenance.data ? (
        <>
          <Text size="sm" data-testid="provenance-overall">
            {provenanceText(provenance.data.overall)} of current evidence; the rest is screenshots, documents
            and attestations.
          </Text>
          {option ? (
            <EChart option={option} height={160} label="Share of system-generated evidence per week" />
          ) : null}
        </>
      ) : null}
    </Paper>
  );
}

/** One control's provenance line for its page. */
export function ControlProvenance({ org, code }: { org: string; code: string }) {
  const provenance = useProvenance(org);
  const share = provenance.data?.controls.find((c) => c.code === code);
  if (!share) return null;
  return (
    <Text size="sm" c="gray.7" data-testid="control-provenance">
      Evidence provenance: {provenanceText(share)}.
    </Text>
  );
}
