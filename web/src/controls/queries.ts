import type { CriterionRow } from '@server/modules/frameworks/framework.repository';
import { useQuery } from '@tanstack/react-query';
import { orgPath } from '../api/client';
import { fetchAll } from '../api/queries';
import type { ControlException as Exception } from '../exceptions/queries';
import type { Finding } from '../findings/queries';

/** A finding as the control page lists it. */
export type ControlFinding = Pick<
  Finding,
  'id' | 'title' | 'severity' | 'source' | 'ownerEmail' | 'dueOn' | 'openedOn' | 'resolvedOn' | 'controls'
>;

/** An exception as the control page lists it. */
export type ControlException = Pick<
  Exception,
  | 'id'
  | 'controlCode'
  | 'summary'
  | 'reason'
  | 'compensatingControl'
  | 'riskRating'
  | 'approverEmail'
  | 'approvedOn'
  | 'expiresOn'
  | 'closedOn'
>;

/** The titles of the SOC 2 categories (CC1…CC9, A1, C1, PI1, P1–P8) by code, from the installed catalog. */
export const useSoc2Categories = (org: string) =>
  useQuery({
    queryKey: [org, 'frameworks', 'soc2', 'criteria'],
    queryFn: () =>
      fetchAll<Pick<CriterionRow, 'groupCode' | 'groupTitle'>>(orgPath(org, '/frameworks/soc2/criteria')),
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
