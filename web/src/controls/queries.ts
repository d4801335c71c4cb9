import { useQuery } from '@tanstack/react-query';
import { orgPath } from '../api/client';
import { fetchAll } from '../api/queries';

/** A finding as the control page lists it. */
export interface ControlFinding {
  id: string;
  title: string;
  severity: 'low' | 'medium' | 'high' | 'critical';
  source: string;
  ownerEmail: string | null;
  dueOn: string | null;
  openedOn: string;
  resolvedOn: string | null;
  controls: { id: string; code: string }[];
}

/** An exception as the control page lists it. */
export interface ControlException {
  id: string;
  controlCode: string;
  summary: string;
  reason: string;
  compensatingControl: string | null;
  riskRating: 'low' | 'medium' | 'high' | 'critical';
  approverEmail: string | null;
  approvedOn: string | null;
  expiresOn: string;
  closedOn: string | null;
}

/** The titles of the SOC 2 categories (CC1…CC9, A1, C1, PI1, P1–P8) by code, from the installed catalog. */
export const useSoc2Categories = (org: string) =>
  useQuery({
    queryKey: [org, 'frameworks', 'soc2', 'criteria'],
    queryFn: () =>
      fetchAll<{ groupCode: string; groupTitle: string }>(orgPath(org, '/frameworks/soc2/criteria')),
    select: (criteria) => new Map(criteria.map((c) => [c.groupCode, c.groupTitle])),
    staleTime: Number.POSITIVE_INFINITY,
  });

/** The findings on one control, open first (`GET …/findings?control=`). */
export const useControlFindings = (org: string, code: string) =>
  useQuery({
    queryKey: [org, 'findings', { control: code }],
    queryFn: () => fetchAll<ControlFinding>(orgPath(org, `/findings?control=${encodeURIComponent(code)}`)),
  });

/** The exceptions on one control, by expiry (`GET …/exceptions?control=`). */
export const useControlExceptions = (org: string, code: string) =>
  useQuery({
    queryKey: [org, 'exceptions', { control: code }],
    queryFn: () =>
      fetchAll<ControlException>(orgPath(org, `/exceptions?control=${encodeURIComponent(code)}`)),
  });
