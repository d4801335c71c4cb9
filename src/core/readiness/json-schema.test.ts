import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readinessJsonSchemas } from './json-schema.js';

const DOCS = path.resolve(import.meta.dirname, '../../../docs/schemas');

describe('documented readiness JSON Schemas', () => {
  it.each(Object.entries(readinessJsonSchemas()))(
    'docs/schemas/%s is current (run npm run schemas)',
    (file, schema) => {
      const committed = JSON.parse(readFileSync(path.join(DOCS, file), 'utf8'));
      expect(committed).toEqual(schema);
    },
  );
});
