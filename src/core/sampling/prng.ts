import { createHash } from 'node:crypto';

/**
 * A deterministic stream of 32-bit words from a seed: block i is
 * SHA-256(seed ‖ i as 8 bytes big-endian), read as eight big-endian words.
 * Nothing here depends on the platform, the database or Math.random, so the
 * same seed gives the same stream on every machine (docs/decisions/0022).
 */
export class SeededStream {
  private readonly seed: Buffer;
  private counter = 0n;
  private block: Buffer = Buffer.alloc(0);
  private offset = 0;

  constructor(seed: string) {
    this.seed = Buffer.from(seed, 'utf8');
  }

  /** The next unsigned 32-bit word of the stream. */
  nextWord(): number {
    if (this.offset >= this.block.length) {
      const index = Buffer.alloc(8);
      index.writeBigUInt64BE(this.counter);
      this.counter += 1n;
      this.block = createHash('sha256').update(this.seed).update(index).digest();
      this.offset = 0;
    }
    const word = this.block.readUInt32BE(this.offset);
    this.offset += 4;
    return word;
  }

  /**
   * A uniform integer in [0, n) for 1 ≤ n ≤ 2^32, without modulo bias: words
   * at or above the largest multiple of n are drawn again.
   */
  nextBelow(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new RangeError(`nextBelow: ${n} is out of range`);
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const word = this.nextWord();
      if (word < limit) return word % n;
    }
  }
}

/**
 * The positions chosen from a population of `n` records for a sample of
 * `size` (min(n, size) distinct positions), in the order they were drawn:
 * a partial Fisher–Yates shuffle driven by {@link SeededStream}.
 */
export function choosePositions(n: number, size: number, seed: string): number[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`population size ${n} is not a count`);
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`sample size ${size} is not a count`);
  const k = Math.min(n, size);
  const stream = new SeededStream(seed);
  // Only the swapped positions are kept: a sample of 25 from a million records costs 25 entries.
  const swapped = new Map<number, number>();
  const chosen: number[] = [];
  for (let i = 0; i < k; i++) {
    const j = i + stream.nextBelow(n - i);
    const atJ = swapped.get(j) ?? j;
    const atI = swapped.get(i) ?? i;
    swapped.set(j, atI);
    chosen.push(atJ);
  }
  return chosen;
}
