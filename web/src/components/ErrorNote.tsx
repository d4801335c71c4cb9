import { Alert } from '@mantine/core';
import { messageOf } from '../api/client';
import { TONE } from './tones';

/** An API error in the server's words. */
export function ErrorNote({ error, title = 'Something went wrong' }: { error: unknown; title?: string }) {
  return (
    <Alert color={TONE.danger} title={title} role="alert">
      {messageOf(error)}
    </Alert>
  );
}
