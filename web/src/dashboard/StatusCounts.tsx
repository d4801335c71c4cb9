import { SimpleGrid, Text } from '@mantine/core';
import { type Counts, STATUSES } from '../api/types';
import { PaperLink } from '../components/links';
import { STATUS_LABEL } from '../components/StatusBadge';

/** One tile per readiness status; each opens the control matrix filtered to it. */
export function StatusCounts({ counts, org }: { counts: Counts; org: string }) {
  return (
    <SimpleGrid cols={5} spacing="sm">
      {STATUSES.map((s) => (
        <PaperLink key={s} withBorder p="sm" to="/o/$org/controls" params={{ org }} search={{ status: s }}>
          <Text size="xs" c="gray.7" tt="uppercase" fw={600}>
            {STATUS_LABEL[s]}
          </Text>
          <Text size="xl" fw={700} data-testid={`count-${s}`}>
            {counts[s]}
          </Text>
        </PaperLink>
      ))}
    </SimpleGrid>
  );
}
