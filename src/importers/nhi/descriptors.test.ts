import { describe, expect, it } from 'vitest';
import { STARTER_CONTROLS } from '../../catalogs/starter-controls/index.js';
import { importKindRegistry, scopeRequired } from '../../core/imports/import-kind.js';
import {
  NHI_IMPORT_KIND_INFO,
  NHI_IMPORT_KIND_LIST,
  NHI_IMPORT_KIND_NAMES,
} from '../../core/nhi/import-kinds.js';
import { NHI_IMPORT_KINDS } from './index.js';

const requirementCodes = new Set(STARTER_CONTROLS.flatMap((c) => c.requirements.map((r) => r.code)));

describe('the NHI import-kind descriptors (docs/decisions/0018)', () => {
  it('bind every descriptor to a parser, in the listed order, and nothing else', () => {
    expect(Object.keys(NHI_IMPORT_KINDS)).toEqual(NHI_IMPORT_KIND_NAMES);
    expect(Object.keys(NHI_IMPORT_KIND_INFO)).toEqual(NHI_IMPORT_KIND_NAMES);
    for (const kind of NHI_IMPORT_KIND_LIST) {
      const bound = NHI_IMPORT_KINDS[kind.name];
      expect(typeof bound.parse).toBe('function');
      expect({ ...bound, parse: undefined }).toEqual({ ...kind, parse: undefined });
    }
  });

  it('prove requirements of the starter library, NHI-01-E1 first for inventories and NHI-11-E2 for scanners', () => {
    for (const kind of NHI_IMPORT_KIND_LIST) {
      expect(kind.proves.length, kind.name).toBeGreaterThan(0);
      for (const code of kind.proves) expect(requirementCodes.has(code), `${kind.name}: ${code}`).toBe(true);
      expect(kind.proves[0], kind.name).toBe(kind.yields === 'leaks' ? 'NHI-11-E2' : 'NHI-01-E1');
    }
  });

  it('give each kind a label, a producing command and a scope rule the dialog can show', () => {
    for (const kind of NHI_IMPORT_KIND_LIST) {
      expect(kind.label.length, kind.name).toBeGreaterThan(5);
      expect(kind.command.length, kind.name).toBeGreaterThan(5);
      if (scopeRequired(kind)) expect(kind.scope.hint, kind.name).toBeDefined();
    }
    expect(NHI_IMPORT_KIND_LIST.filter(scopeRequired).map((k) => k.name)).toEqual(['github-actions-secrets']);
    expect(NHI_IMPORT_KIND_LIST.filter((k) => k.scope.fromAttribute).map((k) => k.name)).toEqual([
      'github-deploy-keys',
    ]);
  });
});

describe('importKindRegistry', () => {
  const kind = (name: string) => ({
    name,
    label: name,
    description: name,
    command: name,
    scope: {},
    proves: [],
  });

  it('indexes kinds by name and refuses a name registered twice', () => {
    expect(Object.keys(importKindRegistry([kind('a'), kind('b')]))).toEqual(['a', 'b']);
    expect(() => importKindRegistry([kind('a'), kind('a')])).toThrow('import kind a registered twice');
  });
});
