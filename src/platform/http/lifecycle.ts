import type { App } from './app.js';

/** The first SIGINT or SIGTERM the process receives from the moment `catchStopSignal` is called. */
export interface StopSignal {
  /** Resolves with the signal. */
  readonly received: Promise<NodeJS.Signals>;
}

/**
 * Catches SIGINT and SIGTERM from now on, so that a stop asked for while the server is still starting
 * (opening the store, building the routes) is a clean stop once start-up ends, not a kill by signal.
 */
export function catchStopSignal(): StopSignal {
  let resolve!: (signal: NodeJS.Signals) => void;
  const received = new Promise<NodeJS.Signals>((r) => {
    resolve = r;
  });
  const stop = (signal: NodeJS.Signals) => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    resolve(signal);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return { received };
}

/**
 * Listens until the stop signal, then shuts down gracefully: stops accepting connections, lets in-flight
 * requests finish (Fastify's close), and runs `cleanup` (closing the database) before resolving.
 */
export async function serveUntilSignalled(
  app: App,
  address: { port: number; host: string },
  hooks: { stop: StopSignal; onListening?: () => Promise<void>; cleanup: () => Promise<void> },
): Promise<void> {
  try {
    await app.listen(address);
    await hooks.onListening?.();
  } catch (err) {
    await app.close();
    await hooks.cleanup();
    throw err;
  }
  const signal = await hooks.stop.received;
  app.log.info({ signal }, 'shutting down');
  await app.close();
  await hooks.cleanup();
}
