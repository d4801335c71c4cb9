/**
 * Reading an export's many small files ahead on a second thread (decision
 * 0024): a change export is three large lists and one small file per pull
 * request, head commit and deployment (24,000 files for 10,000 pull
 * requests), and opening, reading and hashing each costs as much as parsing
 * it. A worker thread reads and hashes the small files, in the order the
 * import consumes them, while the main thread parses the large lists; the
 * main thread then takes the small files' bytes from memory. At most
 * {@link AHEAD_BYTES} of read-ahead is held at once (the worker waits on a
 * shared counter), so memory stays bounded whatever the export's size.
 *
 * The worker is a plain script with no import of the project (so it runs
 * the same from the sources, the bundled CLI and the tests): it only opens,
 * reads and hashes. A file it cannot read whole (larger than the small-file
 * bound, or an error of any kind) is handed back to the main thread, which
 * reads it itself, so its records and errors are the ones an in-thread read
 * gives; so is every file after the worker itself failed or stopped (the
 * import is then slower, never wrong).
 */
import { Worker } from 'node:worker_threads';

/** At most this many bytes read ahead and not yet taken. */
export const AHEAD_BYTES = 8 * 1024 * 1024;

/** One small file read ahead: its bytes and SHA-256, or `null`: read it on the main thread. */
export type ReadAheadFile = { bytes: Buffer; sha256: string } | null;

/** The worker's message: the files of its list read since the last one, in order. */
type Batch = ({ bytes: Uint8Array; sha256: string } | null)[];

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { openSync, fstatSync, readSync, closeSync } = require('node:fs');
const { createHash } = require('node:crypto');
const { paths, maxBytes, aheadBytes, held } = workerData;
const outstanding = new Int32Array(held);
let batch = [];
let transfer = [];
let batchBytes = 0;
const flush = () => {
  if (batch.length === 0) return;
  parentPort.postMessage(batch, transfer);
  batch = [];
  transfer = [];
  batchBytes = 0;
};
for (const file of paths) {
  let now;
  while ((now = Atomics.load(outstanding, 0)) > aheadBytes) {
    flush();
    Atomics.wait(outstanding, 0, now, 1000);
  }
  let fd;
  let read = null;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    if (size <= maxBytes) {
      const bytes = new Uint8Array(size);
      let at = 0;
      while (at < size) {
        const n = readSync(fd, bytes, at, size - at, null);
        if (n === 0) break;
        at += n;
      }
      const view = at === size ? bytes : bytes.subarray(0, at);
      read = { bytes: view, sha256: createHash('sha256').update(view).digest('hex') };
      transfer.push(bytes.buffer);
      batchBytes += at;
      Atomics.add(outstanding, 0, at);
    }
  } catch {
    read = null;
  } finally {
    if (fd !== undefined) {
      try { closeSync(fd); } catch {}
    }
  }
  batch.push(read);
  if (batch.length >= 256 || batchBytes >= 1048576) flush();
}
flush();
`;

/**
 * Reads the given files ahead on a worker thread; {@link take} returns them
 * one at a time in the same order. {@link close} stops the worker (also
 * when the import stops early).
 */
export class SmallFileReadAhead {
  private readonly worker: Worker;
  private readonly held = new Int32Array(new SharedArrayBuffer(4));
  private readonly queue: Batch[] = [];
  private queueAt = 0;
  private waiting: (() => void) | null = null;
  /** The worker failed or exited: what it had not sent, the main thread reads. */
  private stopped = false;

  constructor(paths: readonly string[], maxBytes: number) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { paths, maxBytes, aheadBytes: AHEAD_BYTES, held: this.held.buffer },
    });
    this.worker.on('message', (batch: Batch) => {
      this.queue.push(batch);
      this.wake();
    });
    const stop = () => {
      this.stopped = true;
      this.wake();
    };
    this.worker.on('error', stop);
    this.worker.on('exit', stop);
  }

  private wake(): void {
    const waiting = this.waiting;
    if (!waiting) return;
    this.waiting = null;
    waiting();
  }

  /**
   * The next file of the list: its bytes and SHA-256, or null when the main thread must read it itself (the
   * worker could not, or has stopped).
   */
  async take(): Promise<ReadAheadFile> {
    while (this.queue.length === 0) {
      if (this.stopped) return null;
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
      });
    }
    const batch = this.queue[0]!;
    const read = batch[this.queueAt++];
    if (this.queueAt === batch.length) {
      this.queue.shift();
      this.queueAt = 0;
    }
    if (!read) return null;
    if (Atomics.sub(this.held, 0, read.bytes.byteLength) > AHEAD_BYTES) Atomics.notify(this.held, 0);
    return {
      bytes: Buffer.from(read.bytes.buffer, read.bytes.byteOffset, read.bytes.byteLength),
      sha256: read.sha256,
    };
  }

  /** Stops the worker. */
  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
