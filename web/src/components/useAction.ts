import { useState } from 'react';

/**
 * Runs an action (a save, an upload, a sign-in), keeping its busy flag and its error (shown in the
 * server's words by `FormActions` or an `ErrorNote`); `setError` clears it when the input changes.
 */
export function useAction<A extends unknown[]>(action: (...args: A) => Promise<unknown>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (...args: A) => {
    setBusy(true);
    setError(null);
    try {
      await action(...args);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
