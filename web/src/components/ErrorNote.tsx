import { Alert } from '@mantine/core';
import { messageOf } from '../api/client';

/** An API error in the server's words. */
export function ErrorNote({ error, title = 'Something went wrong' }: { error: unknown; title?: string }) {
  return (
    <Alert color="red" title={title} role="alert">
      {messageOf(error)}
    </Alert>
  );
}
