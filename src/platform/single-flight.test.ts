import { describe, expect, it } from 'vitest';
import { SingleFlight } from './single-flight.js';

describe('SingleFlight', () => {
  it('runs one computation per owner and key at a time and hands its value to every caller', async () => {
    const flight = new SingleFlight();
    const owner = {};
    let runs = 0;
    let release!: (v: number) => void;
    const compute = () => {
      runs += 1;
      return new Promise<number>((resolve) => {
        release = resolve;
      });
    };
    const waiting = [flight.run(owner, 'k', compute), flight.run(owner, 'k', compute)];
    expect(runs).toBe(1);
    // Another key or another owner computes on its own.
    void flight.run(owner, 'other', async () => 2);
    void flight.run({}, 'k', async () => 3);
    release(42);
    expect(await Promise.all(waiting)).toEqual([42, 42]);
    expect(runs).toBe(1);
  });

  it('starts afresh once the computation settled, after a value or an error', async () => {
    const flight = new SingleFlight();
    const owner = {};
    await expect(flight.run(owner, 'k', async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(await flight.run(owner, 'k', async () => 1)).toBe(1);
    expect(await flight.run(owner, 'k', async () => 2)).toBe(2);
  });
});
