import type { App } from './app.js';

/**
 * Listens until SIGINT or SIGTERM, then shuts down gracefully: stops
 * accepting connections, lets in-flight requests finish (Fastify's close),
 * and runs `cleanup` (closing the database) before resolving.
 */
export async function serveUntilSignalled(
  app: App,
  address: { port: number; host: string },
  hooks: { onListening?: () => Promise<void>; cleanup: () => Promise<void> },
): Promise<void> {
  try {
    await app.listen(address);
    await hooks.onListening?.();
  } catch (err) {
    await app.close();
    await hooks.cleanup();
    throw err;
  }
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      app.log.info({ signal }, 'shutting down');
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await app.close();
  await hooks.cleanup();
}
