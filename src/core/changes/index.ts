export * from './history.js';
export * from './populations.js';
export * from './rules.js';
export * from './types.js';
