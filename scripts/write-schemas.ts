// Regenerates docs/schemas/*.json from the zod schemas (a unit test fails when they are stale).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { readinessJsonSchemas } from '../src/core/readiness/json-schema.js';

const dir = path.resolve(import.meta.dirname, '..', 'docs', 'schemas');
for (const [file, schema] of Object.entries(readinessJsonSchemas())) {
  writeFileSync(path.join(dir, file), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote docs/schemas/${file}`);
}
