import { z } from 'zod';
import { burndownSchema, readinessResultSchema } from './schema.js';

/** The documented JSON Schemas (draft 2020-12) of the readiness output, generated from the zod schemas. */
export function readinessJsonSchemas(): Record<string, unknown> {
  return {
    'readiness-result.schema.json': {
      $id: 'https://auditready.dev/schemas/readiness-result.schema.json',
      title: 'auditready readiness result (`auditready readiness --json`, GET …/readiness)',
      ...z.toJSONSchema(readinessResultSchema),
    },
    'burndown.schema.json': {
      $id: 'https://auditready.dev/schemas/burndown.schema.json',
      title: 'auditready burndown of gaps per week',
      ...z.toJSONSchema(burndownSchema),
    },
  };
}
