/**
 * One computation per key at a time, per owner object (a database handle):
 * a caller that finds the value for its key being computed by another waits
 * for that computation instead of starting its own; once it settles (value
 * or error) the next caller starts afresh. It keeps nothing: a cache (and
 * its key, which names the version of what the value is computed from)
 * stays the caller's.
 */
export class SingleFlight {
  private readonly running = new WeakMap<object, Map<string, Promise<unknown>>>();

  run<T>(owner: object, key: string, compute: () => Promise<T>): Promise<T> {
    let byKey = this.running.get(owner);
    if (!byKey) {
      byKey = new Map();
      this.running.set(owner, byKey);
    }
    const pending = byKey.get(key) as Promise<T> | undefined;
    if (pending) return pending;
    const running = byKey;
    const started = compute().finally(() => running.delete(key));
    running.set(key, started);
    return started;
  }
}
