import { describe, expect, it } from 'vitest';
import { CADENCES, COLLECTION_METHODS, FRAMEWORK_IDS, SOURCE_TYPES } from '../../core/vocabulary.js';
import { FRAMEWORK_CATALOGS } from '../frameworks/index.js';
import type { StarterControl } from '../types.js';
import { STARTER_CONTROLS, STARTER_LIBRARY_VERSION } from './index.js';

const CONTROL_CODE = /^[A-Z]{2,4}-\d{2}$/;

/** Every control that maps to `criterion` in framework `framework`. */
function controlsMapping(framework: (typeof FRAMEWORK_IDS)[number], criterion: string): StarterControl[] {
  return STARTER_CONTROLS.filter((control) => control.mappings[framework].includes(criterion));
}

function range(prefix: string, from: number, to: number, suffix = ''): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}${suffix}`);
}

/** SOC 2 criteria required in scope: CC1–CC9 (33), A1 (3) and C1 (2). */
const REQUIRED_SOC2 = [
  ...range('CC1.', 1, 5),
  ...range('CC2.', 1, 3),
  ...range('CC3.', 1, 4),
  ...range('CC4.', 1, 2),
  ...range('CC5.', 1, 3),
  ...range('CC6.', 1, 8),
  ...range('CC7.', 1, 5),
  'CC8.1',
  ...range('CC9.', 1, 2),
  ...range('A1.', 1, 3),
  ...range('C1.', 1, 2),
];

const REQUIRED_OWASP_NHI = range('NHI', 1, 10, ':2025');

const REQUIRED_AI_RMF_GOVERN = [
  ...range('GOVERN 1.', 1, 7),
  ...range('GOVERN 2.', 1, 3),
  ...range('GOVERN 3.', 1, 2),
  ...range('GOVERN 4.', 1, 3),
  ...range('GOVERN 5.', 1, 2),
  ...range('GOVERN 6.', 1, 2),
];

describe('starter control library', () => {
  it('has a calendar version', () => {
    expect(STARTER_LIBRARY_VERSION).toBe('2026.11.0');
  });

  it('has at least 80 controls', () => {
    expect(STARTER_CONTROLS.length).toBeGreaterThanOrEqual(80);
  });

  it('uses unique control codes of the form AC-03', () => {
    const codes = STARTER_CONTROLS.map((control) => control.code);
    for (const code of codes) expect(code).toMatch(CONTROL_CODE);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('keeps each domain contiguous and numbered in order without gaps', () => {
    const byPrefix = new Map<string, number[]>();
    let previousPrefix = '';
    for (const { code } of STARTER_CONTROLS) {
      const [prefix, number] = code.split('-') as [string, string];
      if (prefix !== previousPrefix) expect(byPrefix.has(prefix), `${prefix} appears twice`).toBe(false);
      previousPrefix = prefix;
      byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), Number(number)]);
    }
    for (const [prefix, numbers] of byPrefix) {
      expect(numbers, prefix).toEqual(range('', 1, numbers.length).map(Number));
    }
  });

  it('fills every text field', () => {
    for (const control of STARTER_CONTROLS) {
      for (const field of ['title', 'description', 'ownerRole', 'sourceOfTruth'] as const) {
        expect(control[field].trim(), `${control.code}.${field}`).not.toBe('');
      }
      expect(control.description.length, control.code).toBeGreaterThan(60);
    }
  });

  it('uses only the closed vocabularies', () => {
    for (const control of STARTER_CONTROLS) {
      expect(CADENCES, control.code).toContain(control.cadence);
      for (const requirement of control.requirements) {
        expect(CADENCES, requirement.code).toContain(requirement.cadence);
        expect(SOURCE_TYPES, requirement.code).toContain(requirement.sourceType);
        expect(COLLECTION_METHODS, requirement.code).toContain(requirement.collection);
      }
    }
  });

  it('gives every control 1 to 3 requirements with unique codes prefixed by the control code', () => {
    const all: string[] = [];
    for (const control of STARTER_CONTROLS) {
      expect(control.requirements.length, control.code).toBeGreaterThanOrEqual(1);
      expect(control.requirements.length, control.code).toBeLessThanOrEqual(3);
      control.requirements.forEach((requirement, index) => {
        expect(requirement.code).toMatch(/-E\d+$/);
        expect(requirement.code.startsWith(`${control.code}-`), requirement.code).toBe(true);
        expect(requirement.code).toBe(`${control.code}-E${index + 1}`);
        expect(requirement.artifact.trim(), requirement.code).not.toBe('');
        all.push(requirement.code);
      });
    }
    expect(new Set(all).size).toBe(all.length);
  });

  it('declares a mapping list for every framework, without duplicates', () => {
    for (const control of STARTER_CONTROLS) {
      expect(Object.keys(control.mappings).sort(), control.code).toEqual([...FRAMEWORK_IDS].sort());
      for (const framework of FRAMEWORK_IDS) {
        const ids = control.mappings[framework];
        expect(new Set(ids).size, `${control.code} ${framework}`).toBe(ids.length);
      }
    }
  });

  it('maps every control to SOC 2, NIST CSF and ISO 27001', () => {
    for (const control of STARTER_CONTROLS) {
      expect(control.mappings.soc2.length, control.code).toBeGreaterThan(0);
      expect(control.mappings['nist-csf'].length, control.code).toBeGreaterThan(0);
      expect(control.mappings.iso27001.length, control.code).toBeGreaterThan(0);
    }
  });

  it('maps only to criterion IDs that exist in the shipped catalogs', () => {
    for (const framework of FRAMEWORK_IDS) {
      const catalog = FRAMEWORK_CATALOGS.find((candidate) => candidate.id === framework);
      expect(catalog, framework).toBeDefined();
      const known = new Set(catalog!.criteria.map((criterion) => criterion.code));
      for (const control of STARTER_CONTROLS) {
        for (const id of control.mappings[framework]) {
          expect(known.has(id), `${control.code} maps unknown ${framework} id ${id}`).toBe(true);
        }
      }
    }
  });

  it('leaves SOC 2 privacy and processing integrity out of the starter scope', () => {
    for (const control of STARTER_CONTROLS) {
      for (const id of control.mappings.soc2) expect(id, control.code).toMatch(/^(CC\d|A1|C1)\./);
    }
  });

  describe('coverage', () => {
    it('lists 38 required SOC 2 criteria (CC 33, A1 3, C1 2)', () => {
      expect(REQUIRED_SOC2).toHaveLength(38);
      expect(REQUIRED_SOC2.filter((id) => id.startsWith('CC'))).toHaveLength(33);
    });

    it.each(REQUIRED_SOC2)('maps SOC 2 %s', (id) => {
      expect(controlsMapping('soc2', id).length).toBeGreaterThan(0);
    });

    it.each(REQUIRED_OWASP_NHI)('maps OWASP %s', (id) => {
      expect(controlsMapping('owasp-nhi', id).length).toBeGreaterThan(0);
    });

    it.each(REQUIRED_AI_RMF_GOVERN)('maps NIST AI RMF %s', (id) => {
      expect(controlsMapping('nist-ai-rmf', id).length).toBeGreaterThan(0);
    });

    it('maps NIST CSF GV.RM-01', () => {
      expect(controlsMapping('nist-csf', 'GV.RM-01').length).toBeGreaterThan(0);
    });

    it('covers every security, availability and confidentiality criterion of the shipped SOC 2 catalog', () => {
      const soc2 = FRAMEWORK_CATALOGS.find((catalog) => catalog.id === 'soc2')!;
      const inScope = soc2.criteria
        .map((criterion) => criterion.code)
        .filter((code) => /^(CC\d|A1|C1)\./.test(code));
      expect(inScope.sort()).toEqual([...REQUIRED_SOC2].sort());
    });

    it('covers every GOVERN subcategory of the shipped AI RMF catalog', () => {
      const airmf = FRAMEWORK_CATALOGS.find((catalog) => catalog.id === 'nist-ai-rmf')!;
      const govern = airmf.criteria
        .map((criterion) => criterion.code)
        .filter((code) => code.startsWith('GOVERN '));
      for (const id of govern) expect(controlsMapping('nist-ai-rmf', id).length, id).toBeGreaterThan(0);
    });
  });

  describe('required topics', () => {
    const topics: [
      topic: string,
      code: string,
      framework: (typeof FRAMEWORK_IDS)[number],
      criterion: string,
    ][] = [
      ['NHI inventory', 'NHI-01', 'owasp-nhi', 'NHI1:2025'],
      ['NHI ownership', 'NHI-02', 'owasp-nhi', 'NHI1:2025'],
      ['NHI credential rotation', 'NHI-03', 'owasp-nhi', 'NHI7:2025'],
      ['NHI offboarding', 'NHI-04', 'owasp-nhi', 'NHI1:2025'],
      ['least privilege for service identities', 'NHI-05', 'owasp-nhi', 'NHI5:2025'],
      ['CI/CD federation', 'NHI-07', 'owasp-nhi', 'NHI6:2025'],
      ['environment separation of credentials', 'NHI-08', 'owasp-nhi', 'NHI8:2025'],
      ['secret scanning and leak response', 'NHI-11', 'owasp-nhi', 'NHI2:2025'],
      ['third-party app and OAuth grant review', 'NHI-13', 'owasp-nhi', 'NHI3:2025'],
      ['quarterly user access review', 'AC-03', 'soc2', 'CC6.2'],
      ['joiner', 'AC-04', 'soc2', 'CC6.2'],
      ['mover', 'AC-05', 'soc2', 'CC6.3'],
      ['leaver', 'AC-06', 'soc2', 'CC6.3'],
      ['MFA', 'AC-07', 'iso27001', 'A.8.5'],
      ['code review', 'CM-02', 'soc2', 'CC8.1'],
      ['releases trace to approved changes', 'CM-04', 'soc2', 'CC8.1'],
      ['incident response plan', 'IR-01', 'iso27001', 'A.5.24'],
      ['incident response tabletop', 'IR-03', 'nist-csf', 'ID.IM-02'],
      ['vendor SOC 2 reports and bridge letters', 'VM-03', 'soc2', 'CC9.2'],
      ['policy approval', 'GOV-07', 'soc2', 'CC5.3'],
      ['policy acknowledgement', 'GOV-08', 'nist-csf', 'GV.PO-01'],
      ['exception handling', 'EX-01', 'nist-csf', 'ID.RA-07'],
      ['risk assessment', 'GOV-04', 'soc2', 'CC3.2'],
      ['security awareness training', 'HR-03', 'iso27001', 'A.6.3'],
      ['background checks', 'HR-01', 'iso27001', 'A.6.1'],
      ['backups', 'BC-02', 'nist-csf', 'PR.DS-11'],
      ['restore tests', 'BC-03', 'soc2', 'A1.3'],
      ['DR test', 'BC-04', 'soc2', 'A1.3'],
      ['capacity monitoring', 'BC-05', 'soc2', 'A1.1'],
      ['logging', 'OPS-01', 'iso27001', 'A.8.15'],
      ['monitoring', 'OPS-02', 'soc2', 'CC7.2'],
      ['vulnerability scanning', 'OPS-04', 'iso27001', 'A.8.8'],
      ['patching', 'OPS-05', 'soc2', 'CC7.1'],
      ['penetration test', 'OPS-06', 'soc2', 'CC4.1'],
      ['encryption at rest', 'DP-03', 'nist-csf', 'PR.DS-01'],
      ['encryption in transit', 'DP-04', 'nist-csf', 'PR.DS-02'],
      ['data classification', 'DP-01', 'iso27001', 'A.5.12'],
      ['secure disposal of confidential data', 'DP-07', 'soc2', 'C1.2'],
      ['board and management oversight', 'GOV-02', 'soc2', 'CC1.2'],
      ['AI use policy', 'AI-01', 'nist-ai-rmf', 'GOVERN 1.2'],
      ['AI system inventory', 'AI-02', 'nist-ai-rmf', 'GOVERN 1.6'],
    ];

    it.each(topics)('includes %s (%s maps %s %s)', (_topic, code, framework, criterion) => {
      const control = STARTER_CONTROLS.find((candidate) => candidate.code === code);
      expect(control, code).toBeDefined();
      expect(control!.mappings[framework]).toContain(criterion);
    });
  });
});
