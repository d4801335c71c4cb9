/**
 * The one table of readiness status colours: the web's badges, text and charts (web/src/components/tones.ts
 * re-exports it) and the PDF report's charts (src/core/reports/charts.ts) use these values and no others.
 * Each is dark enough for white text on it and for text of its own colour on white (WCAG AA, 4.5:1).
 */
export const STATUS_COLORS = {
  gap: '#c92a2a',
  'at-risk': '#a63a0b',
  excepted: '#9c36b5',
  ready: '#087f5b',
  'not-applicable': '#495057',
} as const;

/**
 * The charts' colours: the statuses, plus `unmapped` (a light gap colour: a gap no control can close yet) for a criterion no control maps to
 * (drawn, never written as text).
 */
export const CHART_STATUS_COLORS = { ...STATUS_COLORS, unmapped: '#f08c8c' } as const;

/** Milestone marks of the burndown: done (the ready colour), overdue (the gap colour), still due. */
export const MILESTONE_COLORS = {
  done: STATUS_COLORS.ready,
  overdue: STATUS_COLORS.gap,
  due: STATUS_COLORS['not-applicable'],
} as const;

/** The "today" line of the burndown. */
export const TODAY_COLOR = '#1c7ed6';
