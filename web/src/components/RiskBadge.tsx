import { Badge } from '@mantine/core';

/** Risk ratings of exceptions and severities of findings, lowest first. */
export const RISKS = ['low', 'medium', 'high', 'critical'] as const;
/** One of {@link RISKS}. */
export type Risk = (typeof RISKS)[number];

const RISK_COLOR: Record<Risk, string> = {
  critical: 'red.9',
  high: '#a63a0b',
  medium: 'indigo.8',
  low: 'gray.7',
};

/** A risk rating or severity as a badge with its word (never colour alone); high and critical filled. */
export function RiskBadge({ risk }: { risk: Risk }) {
  const strong = risk === 'high' || risk === 'critical';
  return (
    <Badge color={RISK_COLOR[risk]} variant={strong ? 'filled' : 'outline'} data-risk={risk}>
      {risk}
    </Badge>
  );
}
