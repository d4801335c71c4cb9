import { Center, Loader, Text } from '@mantine/core';

/** A calm loading state that says what is loading. */
export function Loading({ what }: { what: string }) {
  return (
    <Center mih={160} role="status" aria-live="polite">
      <Loader size="sm" mr="sm" />
      <Text c="gray.7">Loading {what}…</Text>
    </Center>
  );
}
