import { Badge } from '@mantine/core';
import type { RiskRating } from '@server/core/readiness/types';

/** A risk rating of an exception or a severity of a finding. */
export type Risk = RiskRating;
/** Risk ratings of exceptions and severities of findings, lowest first. */
export const RISKS = ['low', 'medium', 'high', 'critical'] as const satisfies readonly Risk[];

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
