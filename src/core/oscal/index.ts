export * from './assessment.js';
export * from './catalog.js';
export * from './ids.js';
export * from './import-catalog.js';
export * from './mapping.js';
export * from './poam.js';
export * from './types.js';
