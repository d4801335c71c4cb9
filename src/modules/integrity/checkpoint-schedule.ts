import type { NoteSigner } from '../../core/ledger/signed-note.js';
import type { Database } from '../../platform/db/database.js';
import {
  type CheckpointOutcome,
  createCheckpoints,
  exportCheckpoints,
  postCheckpointExport,
} from './checkpoint.service.js';

/** How often `serve` signs the chains that grew. */
export const CHECKPOINT_INTERVAL_MS = 60 * 60 * 1000;

/** The environment variable naming a URL every new checkpoint export is POSTed to. */
export const CHECKPOINT_WEBHOOK_ENV = 'AUDITREADY_CHECKPOINT_WEBHOOK';

/**
 * Signs a checkpoint of every chain with new entries now and then every
 * `intervalMs` (skipped for chains that did not change), and, when a webhook
 * is configured and something was signed, POSTs the export there so a copy
 * leaves the machine. One run at a time; failures are reported, never
 * thrown (the server keeps serving). Returns a stop function.
 */
export function startCheckpointSchedule(
  database: Database,
  signer: NoteSigner,
  options: {
    intervalMs?: number;
    webhookUrl?: string | undefined;
    onRun?: (outcomes: CheckpointOutcome[]) => void;
    onError: (err: unknown) => void;
  },
): { stop: () => Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const run = () => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        const outcomes = await createCheckpoints(database, signer);
        options.onRun?.(outcomes);
        if (options.webhookUrl && outcomes.some((o) => o.status === 'signed')) {
          await postCheckpointExport(options.webhookUrl, await exportCheckpoints(database, signer));
        }
      } catch (err) {
        options.onError(err);
      }
    });
  };
  run();
  const timer = setInterval(run, options.intervalMs ?? CHECKPOINT_INTERVAL_MS);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
