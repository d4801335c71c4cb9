import { Alert, Button, Group, List, Text } from '@mantine/core';
import { localDateTime } from '../components/days';
import { ErrorNote } from '../components/ErrorNote';
import { TONE } from '../components/tones';
import { verifyBanner } from './activity';
import type { useVerification } from './queries';

/** The current `verify` result: chain intact or broken at entry N; checkpoints and records; evidence files intact or not. */
export function VerifyBanner({ verification }: { verification: ReturnType<typeof useVerification> }) {
  const { data, error, isPending, isFetching, refetch, dataUpdatedAt } = verification;
  if (isPending)
    return (
      <Alert
        color={TONE.muted}
        title="Verifying…"
        role="status"
        data-testid="verify-banner"
        data-verify="pending"
      >
        Re-hashing the activity log and every evidence file.
      </Alert>
    );
  if (error) return <ErrorNote title="Could not verify the activity log" error={error} />;
  const b = verifyBanner(data);
  return (
    <Alert
      color={b.ok ? TONE.ok : 'red.9'}
      variant={b.ok ? 'light' : 'filled'}
      title={b.title}
      role={b.ok ? 'status' : 'alert'}
      data-testid="verify-banner"
      data-verify={b.ok ? 'ok' : 'broken'}
    >
      <List size="sm" spacing={2}>
        {[...b.chain, ...b.records, ...b.evidence].map((line) => (
          <List.Item key={line}>{line}</List.Item>
        ))}
      </List>
      <Group gap="sm" mt={6}>
        <Text size="xs">Checked {localDateTime(new Date(dataUpdatedAt).toISOString())}.</Text>
        <Button
          size="compact-xs"
          variant={b.ok ? 'outline' : 'white'}
          color={b.ok ? TONE.ok : 'red.9'}
          loading={isFetching}
          onClick={() => void refetch()}
        >
          Verify again
        </Button>
      </Group>
    </Alert>
  );
}
