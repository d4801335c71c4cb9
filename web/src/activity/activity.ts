import type { Verification } from './queries';

/** Names of records the page already knows, by record id. */
export interface SubjectLookup {
  people: Map<string, string>;
  /** Control codes by control id. */
  controls: Map<string, string>;
  exceptions: Map<string, string>;
  findings: Map<string, string>;
}

/** What an entry is about, in words, and the control page to open when it is a control. */
export interface Subject {
  label: string;
  controlCode: string | null;
}

const TYPE_WORD: Record<string, string> = {
  'api-token': 'API token',
  'control-matrix': 'control matrix',
  'nhi-import': 'NHI import',
  'nhi-leak': 'NHI leak',
  'plan-item': 'plan item',
  'setup-token': 'setup token',
  nhi: 'NHI',
};

/** A record type as words (`api-token` → `API token`). */
export function typeWord(recordType: string): string {
  return TYPE_WORD[recordType] ?? recordType.replace(/-/g, ' ');
}

function field(change: unknown, ...keys: string[]): string | null {
  if (!change || typeof change !== 'object') return null;
  for (const key of keys) {
    const v = (change as Record<string, unknown>)[key];
    if (typeof v === 'string' && v.trim()) return v;
  }
  return null;
}

/**
 * Names an entry's record: from what the page has loaded (people, controls,
 * exceptions, findings), else from the entry's own change (its code, title,
 * e-mail or name), else by its type and a short id.
 */
export function subjectOf(
  e: { recordType: string; recordId: string; change: unknown },
  lookup: SubjectLookup,
): Subject {
  const type = typeWord(e.recordType);
  const known =
    e.recordType === 'person'
      ? lookup.people.get(e.recordId)
      : e.recordType === 'control'
        ? lookup.controls.get(e.recordId)
        : e.recordType === 'exception'
          ? lookup.exceptions.get(e.recordId)
          : e.recordType === 'finding'
            ? lookup.findings.get(e.recordId)
            : undefined;
  const named = known ?? field(e.change, 'code', 'title', 'summary', 'name', 'email', 'fileName');
  const controlCode =
    e.recordType === 'control' ? (lookup.controls.get(e.recordId) ?? field(e.change, 'code')) : null;
  if (named) return { label: `${type} ${named}`, controlCode };
  const id = e.recordId.length > 12 ? `${e.recordId.slice(0, 8)}…` : e.recordId;
  return { label: `${type} ${id}`, controlCode };
}

function show(value: unknown): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** The change of an entry on one line (`status: departed, departedOn: 2026-10-01`), cut at `max` characters. */
export function changeSummary(change: unknown, max = 140): string {
  let text: string;
  if (change && typeof change === 'object' && !Array.isArray(change))
    text = Object.entries(change as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${show(v)}`)
      .join(', ');
  else text = change === undefined ? '' : show(change);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The verify result as a banner: its tone, and one sentence each for the chain and the evidence files. */
export interface VerifyBanner {
  ok: boolean;
  title: string;
  chain: string[];
  evidence: string[];
  /** The signed checkpoints and the records compared with the log (memberships, reviews …): a summary, or each mismatch. */
  records: string[];
  /** Sequence numbers of the entries where a chain breaks. */
  brokenSeqs: number[];
}

const count = (n: number, one: string, many: string) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** Turns `GET /verify` into words: intact, or exactly which entry and which files do not match. */
export function verifyBanner(v: Verification): VerifyBanner {
  const chainOk = v.problems.length === 0;
  const filesOk = v.evidence.problems.length === 0;
  const chain = chainOk
    ? [`Chain intact: ${count(v.entries, 'entry', 'entries')} re-hashed, every link matches.`]
    : v.problems.map(
        (p) =>
          `Chain broken at entry ${p.seq}${p.entryId ? ` (id ${p.entryId})` : ''}: ${p.message}. Entries after it cannot be trusted.`,
      );
  const missing = v.evidence.problems.filter((p) => p.problem === 'missing').length;
  const changed = v.evidence.problems.length - missing;
  const evidence = filesOk
    ? [
        v.evidence.checked === 0
          ? 'No evidence file stored yet: nothing to re-hash.'
          : `Evidence files intact: ${count(v.evidence.checked, 'file matches its', 'files match their')} SHA-256.`,
      ]
    : [
        `Evidence files do not match: ${[
          changed ? `${count(changed, 'file was', 'files were')} changed` : null,
          missing ? `${count(missing, 'file is', 'files are')} missing` : null,
        ]
          .filter(Boolean)
          .join(', ')} (of ${count(v.evidence.checked, 'file', 'files')}).`,
        ...v.evidence.problems.map((p) => p.message),
      ];
  const others = v.checks.filter(
    (c) => c.name === 'checkpoints' || c.name === 'records' || c.name === 'nhi-batches',
  );
  const othersOk = others.every((c) => c.ok);
  const records = others.flatMap((c) => (c.ok ? [`${c.summary}: all match.`] : c.problems));
  const title =
    chainOk && filesOk && othersOk
      ? 'Integrity verified'
      : !chainOk && !filesOk
        ? 'The activity log and evidence files were tampered with'
        : !chainOk
          ? 'The activity log was tampered with'
          : !filesOk
            ? 'Evidence files were tampered with'
            : 'Records or signed checkpoints no longer match the activity log';
  return {
    ok: chainOk && filesOk && othersOk,
    title,
    chain,
    evidence,
    records,
    brokenSeqs: v.problems.map((p) => p.seq),
  };
}
