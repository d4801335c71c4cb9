import { describe, expect, it } from 'vitest';
import { checkOscal } from '../../modules/oscal/oscal-schema.js';
import type { ControlReadiness } from '../readiness/types.js';
import { buildAssessmentResults, type OscalAssessmentInput } from './assessment.js';
import { buildControlCatalog, domainOf, type OscalControlInput } from './catalog.js';
import { oscalToken, oscalUuid } from './ids.js';
import { frameworkIdOf, OscalImportProblem, readOscalCatalog } from './import-catalog.js';
import { buildMappingCollection } from './mapping.js';
import { buildPoam } from './poam.js';

const ctx = { org: { id: 'org-1', name: 'Acme' }, lastModified: '2026-11-29', version: '2026-11-29' };

const controls: OscalControlInput[] = [
  {
    code: 'AC-01',
    title: 'Access matrix',
    description: 'Roles per system, approved yearly.',
    status: 'active',
    cadence: 'annual',
    sourceOfTruth: 'Drive',
    suggestedOwnerRole: null,
    requirements: [
      {
        code: 'AC-01-E1',
        artifact: 'Access matrix',
        cadence: 'annual',
        sourceType: 'document',
        collection: 'manual',
      },
    ],
    mappings: { soc2: ['CC6.1'], 'nist-csf': ['PR.AA-05'], iso27001: [], 'owasp-nhi': ['NHI7:2025'] },
  },
  {
    code: '9X-02',
    title: 'A custom control',
    description: '',
    status: 'draft',
    cadence: 'monthly',
    sourceOfTruth: null,
    suggestedOwnerRole: 'IT',
    requirements: [],
    mappings: {},
  },
];

const readiness = (status: ControlReadiness['status'], code: string): ControlReadiness => ({
  controlId: `id-${code}`,
  code,
  title: `Control ${code}`,
  status,
  ownerId: null,
  ownerName: 'Ada',
  unowned: false,
  reasons:
    status === 'gap'
      ? [
          {
            code: 'no-evidence',
            severity: 'gap',
            message: `no evidence for ${code}`,
            controlId: `id-${code}`,
            controlCode: code,
            ownerId: null,
            ownerName: 'Ada',
            dueOn: '2026-12-15',
          },
        ]
      : [],
});

const assessment: OscalAssessmentInput = {
  ctx,
  at: '2026-11-29',
  engagementId: 'eng-1',
  ledgerHead: { seq: 42, hash: 'ab'.repeat(32) },
  controls: [readiness('gap', 'AC-01'), readiness('ready', '9X-02')],
  evidence: [
    {
      id: 'ev-1',
      controlCode: '9X-02',
      requirementCode: '9X-02-E1',
      fileName: 'report.pdf',
      url: null,
      description: null,
      mediaType: 'application/pdf',
      sha256: 'cd'.repeat(32),
      effectiveStart: '2026-11-01',
      effectiveEnd: '2026-11-30',
      collectedAt: '2026-11-02T10:00:00.000Z',
      reviewState: 'accepted',
    },
  ],
  evidenceHref: (id) => `/api/v1/orgs/acme/evidence/${id}/content`,
};

const frameworks = [
  { id: 'soc2', name: 'SOC 2', version: '2017', url: 'https://example.org/soc2' },
  { id: 'nist-csf', name: 'NIST CSF', version: '2.0', url: 'https://example.org/csf' },
  { id: 'iso27001', name: 'ISO 27001', version: '2022', url: '' },
  { id: 'owasp-nhi', name: 'OWASP NHI Top 10', version: '2025', url: 'https://example.org/nhi' },
];

const poamInput = {
  ...assessment,
  findings: [
    {
      id: 'f-1',
      title: 'Root key in use',
      description: null,
      severity: 'critical',
      source: 'nhi-rule',
      ownerEmail: null,
      dueOn: '2026-12-06',
      openedOn: '2026-11-20',
      controlCodes: ['NHI-03'],
    },
  ],
  planDue: new Map([['AC-01', '2026-12-20']]),
};

describe('OSCAL exports validate against the NIST 1.2.1 schemas', () => {
  it('catalog: domains as groups, requirements as objectives; one corrupted field fails', () => {
    const doc = buildControlCatalog(ctx, controls);
    expect(checkOscal('catalog', doc)).toEqual([]);
    expect(doc.catalog.groups?.map((g) => g.title)).toEqual(['Access control', '9X']);
    expect(doc.catalog.groups?.[1]?.controls?.[0]?.id).toBe('_9X-02');
    const corrupted = structuredClone(doc);
    corrupted.catalog.metadata['last-modified'] = '2026-11-29';
    expect(checkOscal('catalog', corrupted).length).toBeGreaterThan(0);
  });

  it('mapping-collection: one mapping per framework with maps, none for a framework without any', () => {
    const doc = buildMappingCollection(ctx, controls, frameworks);
    expect(checkOscal('mapping-collection', doc)).toEqual([]);
    const mc = doc['mapping-collection'];
    expect(mc.mappings).toHaveLength(3);
    expect(mc.mappings.flatMap((m) => m.maps.map((x) => x.targets[0]!['id-ref']))).toEqual([
      'CC6.1',
      'PR.AA-05',
      'NHI7:2025',
    ]);
    const corrupted = structuredClone(doc);
    (corrupted['mapping-collection'].mappings[0]!.maps[0]! as { uuid: string }).uuid = 'not-a-uuid';
    expect(checkOscal('mapping-collection', corrupted).length).toBeGreaterThan(0);
  });

  it('assessment-results: one result, evidence with its SHA-256, a finding per gap', () => {
    const doc = buildAssessmentResults(assessment);
    expect(checkOscal('assessment-results', doc)).toEqual([]);
    const result = doc['assessment-results'].results[0]!;
    expect(doc['assessment-results'].results).toHaveLength(1);
    expect(result.findings?.map((f) => f.title)).toEqual(['AC-01 Control AC-01: gap']);
    const resources = doc['assessment-results']['back-matter']?.resources ?? [];
    expect(resources.flatMap((r) => r.rlinks?.flatMap((l) => l.hashes ?? []) ?? [])).toEqual([
      { algorithm: 'SHA-256', value: 'cd'.repeat(32) },
    ]);
    const corrupted = structuredClone(doc);
    (corrupted['assessment-results'].results[0]!.observations![0]! as { methods: string[] }).methods = [];
    expect(checkOscal('assessment-results', corrupted).length).toBeGreaterThan(0);
  });

  it('POA&M: gaps and open findings with due dates as risk deadlines; nothing open still validates', () => {
    const doc = buildPoam(poamInput);
    expect(checkOscal('plan-of-action-and-milestones', doc)).toEqual([]);
    const poam = doc['plan-of-action-and-milestones'];
    expect(poam['poam-items'].map((i) => i.title)).toEqual(['AC-01 Control AC-01', 'Root key in use']);
    expect(poam.risks?.map((r) => r.deadline)).toEqual(['2026-12-15T00:00:00Z', '2026-12-06T00:00:00Z']);
    // The gap's finding is the assessment-results finding (same UUID).
    const ar = buildAssessmentResults(assessment);
    expect(poam.findings?.[0]?.uuid).toBe(ar['assessment-results'].results[0]!.findings![0]!.uuid);
    const empty = buildPoam({ ...poamInput, controls: [readiness('ready', 'AC-01')], findings: [] });
    expect(checkOscal('plan-of-action-and-milestones', empty)).toEqual([]);
    const corrupted = structuredClone(doc);
    delete (corrupted['plan-of-action-and-milestones']['poam-items'][0] as { title?: string }).title;
    expect(checkOscal('plan-of-action-and-milestones', corrupted).length).toBeGreaterThan(0);
  });

  it('the same input gives byte-identical documents (stable v5 UUIDs)', () => {
    expect(JSON.stringify(buildAssessmentResults(assessment))).toBe(
      JSON.stringify(buildAssessmentResults(assessment)),
    );
    expect(JSON.stringify(buildPoam(poamInput))).toBe(JSON.stringify(buildPoam(poamInput)));
    expect(oscalUuid('x', 'a', 'b')).toBe(oscalUuid('x', 'a', 'b'));
    expect(oscalUuid('x', 'a', 'b')).not.toBe(oscalUuid('x', 'a|b'.replace('|', ''), ''));
    expect(oscalUuid('x', 'a')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

describe('OSCAL ids', () => {
  it('tokens start with a letter or underscore', () => {
    expect(oscalToken('AC-01')).toBe('AC-01');
    expect(oscalToken('01')).toBe('_01');
    expect(oscalToken('NHI7:2025')).toBe('NHI7_2025');
    expect(domainOf('OPS-12')).toBe('OPS');
    expect(domainOf('X')).toBe('X');
  });
});

describe('readOscalCatalog', () => {
  const catalog = {
    catalog: {
      uuid: oscalUuid('t', 'catalog'),
      metadata: { title: 'Sample Controls v1', version: '1.0', 'oscal-version': '1.1.2' },
      groups: [
        {
          id: 'ac',
          title: 'Access Control',
          groups: [{ title: 'Nested', controls: [{ id: 'ac-9', title: 'Nine' }] }],
          controls: [
            {
              id: 'ac-1',
              title: 'Policy',
              props: [{ name: 'label', value: 'AC-1' }],
              parts: [
                {
                  name: 'statement',
                  prose: 'Have a policy.',
                  parts: [{ name: 'item', prose: 'Review it.' }],
                },
              ],
              controls: [
                { id: 'ac-1.1', title: 'Enhancement' },
                { id: 'ac-1.2', title: 'Gone', props: [{ name: 'status', value: 'withdrawn' }] },
              ],
            },
          ],
        },
      ],
      controls: [{ id: 'x-1', title: 'Loose' }],
    },
  };

  it('reads groups (nested keep their parent), controls, enhancements as children; skips withdrawn', () => {
    const read = readOscalCatalog(catalog);
    expect(read.groups.map((g) => [g.code, g.parent])).toEqual([
      ['ac', null],
      ['group-2', 'ac'],
      ['(ungrouped)', null],
    ]);
    expect(read.criteria.map((c) => [c.code, c.group, c.parent, c.title])).toEqual([
      ['ac-9', 'group-2', null, 'Nine'],
      ['ac-1', 'ac', null, 'AC-1 Policy'],
      ['ac-1.1', 'ac', 'ac-1', 'Enhancement'],
      ['x-1', '(ungrouped)', null, 'Loose'],
    ]);
    expect(read.criteria[1]?.description).toBe('Have a policy.\nReview it.');
  });

  it('refuses another OSCAL version and duplicate ids, naming the JSON path', () => {
    const old = structuredClone(catalog);
    old.catalog.metadata['oscal-version'] = '1.0.4';
    expect(() => readOscalCatalog(old)).toThrow(OscalImportProblem);
    const dup = structuredClone(catalog);
    dup.catalog.controls = [{ id: 'ac-1', title: 'Again' }];
    expect(() => readOscalCatalog(dup)).toThrow('$.catalog.controls[0].id: control id "ac-1" appears twice');
  });

  it('derives a framework id from the title', () => {
    expect(frameworkIdOf('NIST Cybersecurity Framework (CSF) 2.0')).toBe(
      'nist-cybersecurity-framework-csf-2-0',
    );
    expect(frameworkIdOf('!!!')).toBe('imported-catalog');
  });
});
