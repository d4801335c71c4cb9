export * from './import-kinds.js';
export * from './rules.js';
export * from './types.js';
