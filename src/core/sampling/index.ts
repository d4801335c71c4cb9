export * from './population.js';
export * from './prng.js';
export * from './sample-size.js';
