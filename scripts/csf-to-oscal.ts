/**
 * Converts the NIST CSF 2.0 core (the JSON of shared/reference/nist-csf-2.0,
 * public domain) into an OSCAL 1.2.1 catalog: functions and categories as
 * nested groups, subcategories as controls (withdrawn ones marked
 * `status: withdrawn`), implementation examples as guidance parts. The
 * OSCAL catalog import is tested with its output
 * (test/fixtures/oscal/csf-2.0-catalog.json).
 *
 *   node --import tsx scripts/csf-to-oscal.ts ../shared/reference/nist-csf-2.0/csf-2.0-core.json OUT.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { oscalUuid } from '../src/core/oscal/ids.js';

interface Subcategory {
  id: string;
  description: string;
  withdrawn?: boolean;
  implementationExamples?: string[];
}
interface Category {
  id: string;
  name: string;
  description: string;
  withdrawn?: boolean;
  subcategories: Subcategory[];
}
interface CsfFunction {
  id: string;
  name: string;
  description: string;
  categories: Category[];
}

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  process.stderr.write('usage: csf-to-oscal.ts CSF_CORE_JSON OUTPUT_JSON\n');
  process.exit(2);
}
const core = JSON.parse(readFileSync(input, 'utf8')) as { functions: CsfFunction[] };
const prose = (text: string) => text.trim() || '(no text)';
const token = (id: string) => id.replace(/[^A-Za-z0-9._-]/g, '_');

const catalog = {
  catalog: {
    uuid: oscalUuid('csf-catalog', '2.0'),
    metadata: {
      title: 'NIST Cybersecurity Framework (CSF) 2.0',
      'last-modified': '2024-02-26T00:00:00Z',
      version: '2.0',
      'oscal-version': '1.2.1',
      parties: [{ uuid: oscalUuid('party', 'nist'), type: 'organization', name: 'NIST' }],
      remarks: 'Converted from the CSF 2.0 Reference Tool export by scripts/csf-to-oscal.ts (public domain).',
    },
    groups: core.functions.map((f) => ({
      id: token(f.id),
      class: 'function',
      title: `${f.id} ${f.name}`,
      props: [{ name: 'label', value: f.id }],
      parts: [{ id: `${token(f.id)}_ovw`, name: 'overview', prose: prose(f.description) }],
      groups: f.categories.map((c) => ({
        id: token(c.id),
        class: 'category',
        title: c.name,
        props: [
          { name: 'label', value: c.id },
          ...(c.withdrawn ? [{ name: 'status', value: 'withdrawn' }] : []),
        ],
        parts: [{ id: `${token(c.id)}_ovw`, name: 'overview', prose: prose(c.description) }],
        ...(c.subcategories.length
          ? {
              controls: c.subcategories.map((s) => ({
                id: token(s.id),
                class: 'subcategory',
                title: s.id,
                props: [
                  { name: 'label', value: s.id },
                  ...(s.withdrawn ? [{ name: 'status', value: 'withdrawn' }] : []),
                ],
                parts: [
                  { id: `${token(s.id)}_smt`, name: 'statement', prose: prose(s.description) },
                  ...(s.implementationExamples?.length
                    ? [
                        {
                          id: `${token(s.id)}_gdn`,
                          name: 'guidance',
                          title: 'Implementation examples',
                          parts: s.implementationExamples.map((e, i) => ({
                            id: `${token(s.id)}_gdn.${i + 1}`,
                            name: 'item',
                            prose: prose(e),
                          })),
                        },
                      ]
                    : []),
                ],
              })),
            }
          : {}),
      })),
    })),
  },
};
writeFileSync(output, `${JSON.stringify(catalog, null, 1)}\n`);
process.stdout.write(`wrote ${output}\n`);
