/**
 * Which controls a request is about, read from what its list row names
 * (SPEC §9): a control code of the organization (`AC-02`), or a criterion of
 * any framework (a SOC 2 criterion `CC6.1`, an ISO/IEC 27001 Annex A control
 * `A.5.15`, a NIST CSF subcategory `PR.AA-01`), which proposes every control
 * mapped to it. Pure: the caller passes the controls and their mappings.
 */

/** A control as the mapping reads it: its code and the criteria it maps to, by framework. */
export interface MappableControl {
  id: string;
  code: string;
  mappings: Readonly<Record<string, readonly string[]>>;
}

/** The controls and criteria named in text, looked up once per import. */
export interface ControlIndex {
  byCode: ReadonlyMap<string, MappableControl>;
  byCriterion: ReadonlyMap<string, readonly MappableControl[]>;
}

/** Indexes controls by code and by every criterion they map to (keys upper-cased). */
export function controlIndex(controls: readonly MappableControl[]): ControlIndex {
  const byCode = new Map<string, MappableControl>();
  const byCriterion = new Map<string, MappableControl[]>();
  for (const control of controls) {
    byCode.set(control.code.toUpperCase(), control);
    for (const codes of Object.values(control.mappings)) {
      for (const code of codes) {
        const key = code.toUpperCase();
        const list = byCriterion.get(key);
        if (!list) byCriterion.set(key, [control]);
        else if (!list.includes(control)) list.push(control);
      }
    }
  }
  return { byCode, byCriterion };
}

/** One thing a request names and the controls it proposes. */
export interface ControlMatch {
  /** As written (upper-cased). */
  token: string;
  kind: 'control' | 'criterion';
  controlCodes: string[];
}

/** The controls proposed for a request: their ids (by code), and what named them. */
export interface ControlProposal {
  controlIds: string[];
  controlCodes: string[];
  matches: ControlMatch[];
}

/** Words that could be codes: letters, digits, dots and dashes, starting and ending with a letter or digit. */
const TOKEN = /[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?/g;

function byCode(a: MappableControl, b: MappableControl): number {
  return a.code < b.code ? -1 : a.code > b.code ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The controls the texts name (a request's text and its control and
 * criterion cells): a control code names that control, a criterion every
 * control mapped to it. Nothing named: no controls (the request is listed
 * as unmapped and mapped by hand).
 */
export function proposeControls(texts: readonly string[], index: ControlIndex): ControlProposal {
  const chosen = new Map<string, MappableControl>();
  const matches: ControlMatch[] = [];
  const seen = new Set<string>();
  for (const text of texts) {
    for (const raw of text.match(TOKEN) ?? []) {
      const token = raw.toUpperCase();
      if (seen.has(token)) continue;
      const control = index.byCode.get(token);
      const mapped = index.byCriterion.get(token);
      if (!control && !mapped) continue;
      seen.add(token);
      const controls = control ? [control] : [...mapped!].sort(byCode);
      for (const c of controls) chosen.set(c.id, c);
      matches.push({
        token,
        kind: control ? 'control' : 'criterion',
        controlCodes: controls.map((c) => c.code),
      });
    }
  }
  const controls = [...chosen.values()].sort(byCode);
  return { controlIds: controls.map((c) => c.id), controlCodes: controls.map((c) => c.code), matches };
}
