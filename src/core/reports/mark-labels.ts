/**
 * Labels of the vertical marks on a time axis (the burndown's milestones):
 * marks closer together than a share of the axis would print their labels
 * on top of each other, so a run of close marks is labelled once, at its
 * first mark, with every name of the run; the other lines of the run stay
 * drawn, unlabelled. Runs alternate above and below the line ends.
 */

/** The share of the axis under which two marks count as too close to label apart (about 24 px of a 500 px chart). */
export const MARK_LABEL_GAP = 0.05;

/** One mark as placed: its label (`null`: drawn without one) and the side of the line end it sits on. */
export interface PlacedMarkLabel {
  label: string | null;
  position: 'insideEndTop' | 'insideEndBottom';
}

const dayNumber = (iso: string): number => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / 86_400_000;

/**
 * Places the labels of marks sorted by date on an axis from `min` to `max`
 * (ISO dates). A mark starts a new run when it is at least `gap` of the axis
 * after the first mark of the current run.
 */
export function placeMarkLabels(
  marks: readonly { date: string; label: string }[],
  min: string,
  max: string,
  gap: number = MARK_LABEL_GAP,
): PlacedMarkLabel[] {
  const span = Math.max(1, dayNumber(max) - dayNumber(min));
  const out: PlacedMarkLabel[] = [];
  let runStart = Number.NEGATIVE_INFINITY;
  let runHead = -1;
  let runs = 0;
  marks.forEach((m, i) => {
    const at = dayNumber(m.date);
    if ((at - runStart) / span >= gap || runHead < 0) {
      runStart = at;
      runHead = i;
      out.push({ label: m.label, position: runs % 2 === 0 ? 'insideEndTop' : 'insideEndBottom' });
      runs++;
    } else {
      const head = out[runHead]!;
      head.label = `${head.label} · ${m.label}`;
      out.push({ label: null, position: head.position });
    }
  });
  return out;
}
