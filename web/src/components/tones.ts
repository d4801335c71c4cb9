/**
 * Colours for alerts and light or subtle buttons, as hex values: Mantine
 * renders a shaded theme colour (`red.9`) in its light variant as a solid
 * background and lightens subtle text to shade 6, both below WCAG contrast;
 * a hex colour gets a 10% tint behind text of the colour itself.
 */
export const TONE = {
  danger: '#c92a2a',
  warning: '#a63a0b',
  ok: '#066a4f',
  neutral: '#343a40',
  muted: '#495057',
} as const;

/** Input styles with the description in a readable grey (Mantine's dimmed grey is below 4.5:1 at 12px). */
export const READABLE_INPUT = { description: { color: 'var(--mantine-color-gray-7)' } } as const;

/** Props of a modal or drawer whose close button has a name for screen readers. */
export const CLOSE_BUTTON = { closeButtonProps: { 'aria-label': 'Close' } } as const;

/**
 * Readiness status colours, the same on every page and in the PDF report's charts: the core's one table
 * (pure data, bundled).
 */
export { MILESTONE_COLORS, STATUS_COLORS, TODAY_COLOR } from '../../../src/core/status-colors';
