import type { ProvenanceReport } from '@server/modules/evidence/provenance.schema';
import { useQuery } from '@tanstack/react-query';
import { api, orgPath } from '../api/client';
import type { Wire } from '../api/types';
import type { ChartOption } from '../components/EChart';

/** The provenance report as `GET /orgs/:org/evidence/provenance` sends it. */
export type Provenance = Wire<ProvenanceReport>;
/** A share of system-generated evidence. */
export type ProvenanceShare = Provenance['overall'];

/** How the organization's current evidence was produced: overall, per control, and by week. */
export const useProvenance = (org: string) =>
  useQuery({
    queryKey: [org, 'evidence', 'provenance'],
    queryFn: () => api<Provenance>(orgPath(org, '/evidence/provenance')),
  });

/** `72% system-generated (54 of 75)`, or that there is no current evidence. */
export function provenanceText(share: ProvenanceShare): string {
  if (share.systemShare === null) return 'no current evidence';
  const total = share.system + share.manual;
  return `${Math.round(share.systemShare * 100)}% system-generated (${share.system} of ${total})`;
}

/** A line of the system-generated share (percent) at the end of each week. */
export function provenanceTrendOption(trend: Provenance['trend']): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 16, top: 16, bottom: 28 },
    xAxis: { type: 'category', data: trend.map((p) => p.week) },
    yAxis: { type: 'value', min: 0, max: 100, name: '%' },
    series: [
      {
        name: 'System-generated',
        type: 'line',
        data: trend.map((p) => (p.systemShare === null ? null : Math.round(p.systemShare * 100))),
      },
    ],
  };
}
