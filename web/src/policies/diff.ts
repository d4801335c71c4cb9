import { diffLines } from 'diff';

/** One line of a diff between two versions: kept, added or removed. */
export interface DiffLine {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** The line diff from an older text to a newer one. */
export function diffVersions(older: string, newer: string): DiffLine[] {
  const out: DiffLine[] = [];
  for (const part of diffLines(older, newer)) {
    const kind = part.added ? 'added' : part.removed ? 'removed' : 'same';
    const lines = part.value.replace(/\n$/, '').split('\n');
    for (const text of lines) out.push({ kind, text });
  }
  return out;
}
