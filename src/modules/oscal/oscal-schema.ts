import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { shippedFile } from '../../platform/files/package-root.js';

/** The OSCAL document kinds auditready writes or reads, each with the NIST 1.2.1 JSON schema that checks it. */
export const OSCAL_SCHEMAS = {
  catalog: 'oscal_catalog_schema.json',
  'mapping-collection': 'oscal_mapping_schema.json',
  'assessment-results': 'oscal_assessment-results_schema.json',
  // The NIST release has no separate POA&M JSON schema here: the complete schema holds it.
  'plan-of-action-and-milestones': 'oscal_complete_schema.json',
} as const;

/** An OSCAL document kind (its root property). */
export type OscalKind = keyof typeof OSCAL_SCHEMAS;

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const validators = new Map<OscalKind, ValidateFunction>();

function validatorOf(kind: OscalKind): ValidateFunction {
  let validate = validators.get(kind);
  if (!validate) {
    // The schemas are draft-07 with Unicode property escapes in their patterns; `binary` is OSCAL's base64 format.
    const ajv = new Ajv({ strict: false, allErrors: false, unicodeRegExp: true });
    addFormats(ajv);
    ajv.addFormat('binary', true);
    const schema = JSON.parse(
      // Found from the package root: the bundled CLI runs from dist/, where this file's URL does not lead.
      readFileSync(shippedFile('src', 'modules', 'oscal', 'schemas', OSCAL_SCHEMAS[kind]), 'utf8'),
    );
    validate = ajv.compile(schema);
    validators.set(kind, validate);
  }
  return validate;
}

/** One schema violation: where (a JSON pointer into the document) and what. */
export interface OscalSchemaProblem {
  path: string;
  message: string;
}

/**
 * Checks a document against the NIST OSCAL 1.2.1 JSON schema of its kind.
 * Returns the problems (empty when valid); the most specific (deepest) first.
 */
export function checkOscal(kind: OscalKind, doc: unknown): OscalSchemaProblem[] {
  const validate = validatorOf(kind);
  if (validate(doc)) return [];
  const errors = [...(validate.errors ?? [])] as ErrorObject[];
  errors.sort((a, b) => b.instancePath.length - a.instancePath.length);
  return errors.map((e) => ({ path: e.instancePath || '/', message: e.message ?? e.keyword }));
}
