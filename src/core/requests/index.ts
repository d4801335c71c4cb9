export * from './auto-map.js';
export * from './columns.js';
export * from './status.js';
