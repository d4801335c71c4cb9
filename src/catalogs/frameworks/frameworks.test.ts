import { describe, expect, it } from 'vitest';
import { FRAMEWORK_IDS } from '../../core/vocabulary.js';
import type { FrameworkCatalog } from '../types.js';
import { CATALOG_VERSION, FRAMEWORK_CATALOGS, findFramework } from './index.js';
import { iso27001 } from './iso27001.js';
import { nistAiRmf } from './nist-ai-rmf.js';
import { nistCsf } from './nist-csf.js';
import { owaspNhi } from './owasp-nhi.js';
import { soc2 } from './soc2.js';

/** Number of criteria whose code starts with the prefix. */
function countPrefix(catalog: FrameworkCatalog, prefix: string): number {
  return catalog.criteria.filter((criterion) => criterion.code.startsWith(prefix)).length;
}

/** Number of criteria in the group with this code. */
function countGroup(catalog: FrameworkCatalog, group: string): number {
  return catalog.criteria.filter((criterion) => criterion.group === group).length;
}

describe('framework catalogs', () => {
  it('ships the five frameworks in order', () => {
    expect(FRAMEWORK_CATALOGS.map((catalog) => catalog.id)).toEqual([
      'soc2',
      'nist-csf',
      'iso27001',
      'owasp-nhi',
      'nist-ai-rmf',
    ]);
    expect([...FRAMEWORK_CATALOGS.map((catalog) => catalog.id)].sort()).toEqual([...FRAMEWORK_IDS].sort());
  });

  it('finds a framework by id', () => {
    expect(findFramework('nist-csf')).toBe(nistCsf);
    expect(findFramework('soc2')).toBe(soc2);
    expect(findFramework('pci-dss')).toBeUndefined();
  });

  it('has a catalog version', () => {
    expect(CATALOG_VERSION).toBe('2026.11.0');
  });

  describe.each(FRAMEWORK_CATALOGS.map((catalog) => [catalog.id, catalog] as const))('%s', (_id, catalog) => {
    it('has non-empty metadata, attribution and url', () => {
      expect(catalog.name.trim()).not.toBe('');
      expect(catalog.version.trim()).not.toBe('');
      expect(catalog.publisher.trim()).not.toBe('');
      expect(catalog.attribution.trim()).not.toBe('');
      expect(catalog.url).toMatch(/^https:\/\/\S+$/);
    });

    it('has unique group and criterion codes', () => {
      const groupCodes = catalog.groups.map((group) => group.code);
      const criterionCodes = catalog.criteria.map((criterion) => criterion.code);
      expect(new Set(groupCodes).size).toBe(groupCodes.length);
      expect(new Set(criterionCodes).size).toBe(criterionCodes.length);
    });

    it('puts every criterion in an existing group', () => {
      const groupCodes = new Set(catalog.groups.map((group) => group.code));
      for (const criterion of catalog.criteria) {
        expect(groupCodes.has(criterion.group), `${criterion.code} → ${criterion.group}`).toBe(true);
      }
    });

    it('has every group parent among its groups', () => {
      const groupCodes = new Set(catalog.groups.map((group) => group.code));
      for (const group of catalog.groups) {
        if (group.parent !== undefined) {
          expect(groupCodes.has(group.parent), `${group.code} → ${group.parent}`).toBe(true);
        }
      }
    });

    it('has a non-empty, trimmed title on every group and criterion', () => {
      for (const item of [...catalog.groups, ...catalog.criteria]) {
        expect(item.title, item.code).not.toBe('');
        expect(item.title, item.code).toBe(item.title.trim());
      }
    });
  });
});

describe('SOC 2', () => {
  it('has 61 criteria in the published split', () => {
    expect(soc2.criteria).toHaveLength(61);
    expect(countPrefix(soc2, 'CC')).toBe(33);
    const cc = { CC1: 5, CC2: 3, CC3: 4, CC4: 2, CC5: 3, CC6: 8, CC7: 5, CC8: 1, CC9: 2 };
    for (const [group, count] of Object.entries(cc)) {
      expect(countGroup(soc2, group), group).toBe(count);
    }
    expect(countPrefix(soc2, 'A')).toBe(3);
    expect(countPrefix(soc2, 'C1.')).toBe(2);
    expect(countPrefix(soc2, 'PI')).toBe(5);
    expect(countPrefix(soc2, 'P') - countPrefix(soc2, 'PI')).toBe(18);
  });

  it('derives privacy groups P1..P8 from the criterion ids', () => {
    const privacy = soc2.criteria.filter((criterion) => /^P\d/.test(criterion.code));
    for (const criterion of privacy) {
      expect(criterion.group).toBe(criterion.code.split('.')[0]);
    }
    expect(new Set(privacy.map((criterion) => criterion.group))).toEqual(
      new Set(['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8']),
    );
  });

  it('has a short own description of at most 20 words on every criterion', () => {
    for (const criterion of soc2.criteria) {
      expect(criterion.description, criterion.code).toBeDefined();
      expect(criterion.description!.split(/\s+/).length, criterion.code).toBeLessThanOrEqual(20);
    }
  });
});

describe('NIST CSF 2.0', () => {
  const functions = nistCsf.groups.filter((group) => group.parent === undefined);
  const categories = nistCsf.groups.filter((group) => group.parent !== undefined);

  it('has 6 functions, 22 categories and 106 subcategories', () => {
    expect(functions.map((group) => group.code)).toEqual(['GV', 'ID', 'PR', 'DE', 'RS', 'RC']);
    expect(categories).toHaveLength(22);
    expect(nistCsf.criteria).toHaveLength(106);
  });

  it('has the published subcategory count per function', () => {
    const perFunction = { GV: 31, ID: 21, PR: 22, DE: 11, RS: 13, RC: 8 };
    for (const [fn, count] of Object.entries(perFunction)) {
      expect(countPrefix(nistCsf, `${fn}.`), fn).toBe(count);
    }
  });

  it('nests each category under its function and each subcategory under its category', () => {
    for (const category of categories) {
      expect(category.code.startsWith(`${category.parent}.`), category.code).toBe(true);
    }
    for (const criterion of nistCsf.criteria) {
      expect(criterion.code.startsWith(`${criterion.group}-`), criterion.code).toBe(true);
    }
  });

  it('carries the published GV.RM-01 text', () => {
    const rm01 = nistCsf.criteria.find((criterion) => criterion.code === 'GV.RM-01');
    expect(rm01?.description).toBe(
      'Risk management objectives are established and agreed to by organizational stakeholders',
    );
  });

  it('leaves out every withdrawn CSF 1.1 element', () => {
    // The 91 ids the NIST CSF 2.0 Reference Tool export marks withdrawn: 12 categories, 79 subcategories.
    const withdrawn = (
      'ID.AM-06 ID.BE ID.BE-01 ID.BE-02 ID.BE-03 ID.BE-04 ID.BE-05 ID.GV ID.GV-01 ID.GV-02 ID.GV-03 ID.GV-04 ' +
      'ID.RM ID.RM-01 ID.RM-02 ID.RM-03 ID.SC ID.SC-01 ID.SC-02 ID.SC-03 ID.SC-04 ID.SC-05 PR.AT-03 PR.AT-04 ' +
      'PR.AT-05 PR.DS-03 PR.DS-04 PR.DS-05 PR.DS-06 PR.DS-07 PR.DS-08 PR.AC PR.AC-01 PR.AC-02 PR.AC-03 ' +
      'PR.AC-04 PR.AC-05 PR.AC-06 PR.AC-07 PR.IP PR.IP-01 PR.IP-02 PR.IP-03 PR.IP-04 PR.IP-05 PR.IP-06 ' +
      'PR.IP-07 PR.IP-08 PR.IP-09 PR.IP-10 PR.IP-11 PR.IP-12 PR.MA PR.MA-01 PR.MA-02 PR.PT PR.PT-01 PR.PT-02 ' +
      'PR.PT-03 PR.PT-04 PR.PT-05 DE.CM-04 DE.CM-05 DE.CM-07 DE.CM-08 DE.AE-01 DE.AE-05 DE.DP DE.DP-01 ' +
      'DE.DP-02 DE.DP-03 DE.DP-04 DE.DP-05 RS.AN-01 RS.AN-02 RS.AN-04 RS.AN-05 RS.CO-01 RS.CO-04 RS.CO-05 ' +
      'RS.MI-03 RS.RP RS.RP-01 RS.IM RS.IM-01 RS.IM-02 RC.CO-01 RC.CO-02 RC.IM RC.IM-01 RC.IM-02'
    ).split(' ');
    expect(withdrawn).toHaveLength(91);
    const present = new Set([...nistCsf.groups, ...nistCsf.criteria].map((item) => item.code));
    expect(withdrawn.filter((code) => present.has(code))).toEqual([]);
    for (const item of [...nistCsf.groups, ...nistCsf.criteria]) {
      expect(item.description ?? '', item.code).not.toMatch(/withdrawn/i);
    }
  });

  it('has a full-text description and a title of at most 80 characters on every subcategory', () => {
    for (const criterion of nistCsf.criteria) {
      expect(criterion.description, criterion.code).toBeTruthy();
      expect(criterion.title.length, criterion.code).toBeLessThanOrEqual(80);
    }
  });
});

describe('ISO/IEC 27001:2022 Annex A', () => {
  it('has 93 controls split 37/8/14/34 over four themes', () => {
    expect(iso27001.criteria).toHaveLength(93);
    expect(iso27001.groups.map((group) => group.code)).toEqual(['A.5', 'A.6', 'A.7', 'A.8']);
    const perTheme = { 'A.5': 37, 'A.6': 8, 'A.7': 14, 'A.8': 34 };
    for (const [theme, count] of Object.entries(perTheme)) {
      expect(countGroup(iso27001, theme), theme).toBe(count);
      const numbers = iso27001.criteria
        .filter((criterion) => criterion.group === theme)
        .map((criterion) => criterion.code);
      expect(numbers).toEqual(Array.from({ length: count }, (_, i) => `${theme}.${i + 1}`));
    }
  });

  it('ships no descriptions', () => {
    for (const item of [...iso27001.groups, ...iso27001.criteria]) {
      expect(item.description, item.code).toBeUndefined();
    }
  });
});

describe('OWASP NHI Top 10 2025', () => {
  it('has NHI1:2025 to NHI10:2025 in one group', () => {
    expect(owaspNhi.criteria.map((criterion) => criterion.code)).toEqual(
      Array.from({ length: 10 }, (_, i) => `NHI${i + 1}:2025`),
    );
    expect(owaspNhi.groups).toHaveLength(1);
    expect(owaspNhi.criteria.every((criterion) => criterion.group === 'NHI')).toBe(true);
  });

  it('carries the CC BY-SA attribution', () => {
    expect(owaspNhi.attribution).toContain(
      'OWASP Non-Human Identities Top 10 2025, © OWASP Foundation, CC BY-SA 4.0',
    );
  });
});

describe('NIST AI RMF 1.0 GOVERN', () => {
  it('has GOVERN 1 to 6 with 19 subcategories', () => {
    expect(nistAiRmf.groups.map((group) => group.code)).toEqual([
      'GOVERN 1',
      'GOVERN 2',
      'GOVERN 3',
      'GOVERN 4',
      'GOVERN 5',
      'GOVERN 6',
    ]);
    const perCategory = [7, 3, 2, 3, 2, 2];
    const expected = perCategory.flatMap((count, c) =>
      Array.from({ length: count }, (_, i) => `GOVERN ${c + 1}.${i + 1}`),
    );
    expect(nistAiRmf.criteria.map((criterion) => criterion.code)).toEqual(expected);
    expect(nistAiRmf.criteria).toHaveLength(19);
  });

  it('has the published text on every category and subcategory', () => {
    for (const item of [...nistAiRmf.groups, ...nistAiRmf.criteria]) {
      expect(item.description, item.code).toBeTruthy();
    }
  });
});
