// Regenerates test/api-client/openapi.ts from the served OpenAPI document (a test fails when it is stale).
import { writeFileSync } from 'node:fs';
import { API_TYPES_FILE, generateApiTypes, servedDocument } from '../test/api-client/generate.js';

writeFileSync(API_TYPES_FILE, await generateApiTypes(await servedDocument()));
console.log(`wrote ${API_TYPES_FILE.pathname}`);
