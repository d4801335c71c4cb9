import v8 from 'node:v8';

/**
 * How far V8 may grow the heap beyond the data still live after a full
 * collection, in percent: for a job whose live data stays small (an NHI
 * import streams its batches), and for one that holds what it read until it
 * writes (a change import keeps the export's facts, so its live data grows
 * all along and at 30% the heap is marked again at every step; 100% took
 * 14% off a 10,000-pull-request import for about 8 MiB more peak RSS).
 */
export const HEAP_GROWTH = { streaming: 30, holding: 100 } as const;

/**
 * Keeps the heap of a long batch job (an NHI import) close to what it really
 * holds. The import's memory is bounded by its batch sizes, but by default
 * V8 lets the heap grow to up to four times the data live after a full
 * collection before it collects again: with ~30 MB live that is ~100 MB of
 * garbage carried as resident memory, more than the import's own working
 * set. A smaller growth factor costs a few more full collections (their
 * live set is small, so each is short). V8 reads this flag each time it
 * sets the next limit, so it can be set at run time; it is process-wide,
 * which is why only the import commands set it (the server keeps V8's
 * defaults).
 */
export function boundHeapGrowth(percent: number = HEAP_GROWTH.streaming): void {
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
