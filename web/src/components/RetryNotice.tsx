import { Alert } from '@mantine/core';
import { useSyncExternalStore } from 'react';
import { currentRetryWait, subscribeRetryWait } from '../api/client';
import { TONE } from './tones';

/**
 * Tells the user, while it lasts, that a request is waiting for the server
 * (503: another writer such as a large import holds the store, or the
 * database is restarting) and will be sent again by itself.
 */
export function RetryNotice() {
  const wait = useSyncExternalStore(subscribeRetryWait, currentRetryWait);
  if (!wait) return null;
  const seconds = Math.max(1, Math.round((wait.retryAt - Date.now()) / 1000));
  const why =
    wait.code === 'busy'
      ? 'The server is busy with another write (an import, perhaps).'
      : 'The server cannot reach its database right now.';
  return (
    <Alert
      color={TONE.warning}
      title="Waiting for the server"
      role="status"
      aria-live="polite"
      style={{ position: 'fixed', bottom: 16, right: 16, zIndex: 1000, maxWidth: 420 }}
    >
      {why} Trying again in about {seconds} s (attempt {wait.attempt} of {wait.maxAttempts}); nothing is lost
      meanwhile.
    </Alert>
  );
}
