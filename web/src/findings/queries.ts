import { useQuery } from '@tanstack/react-query';
import { api, orgPath } from '../api/client';
import { fetchAll } from '../api/queries';
import type { Risk } from '../components/RiskBadge';

/** A finding as `GET /orgs/:org/findings` gives it. */
export interface Finding {
  id: string;
  title: string;
  description: string | null;
  severity: Risk;
  /** `manual`, `auditor`, `rule:<id>`, … */
  source: string;
  ownerId: string | null;
  ownerEmail: string | null;
  dueOn: string | null;
  openedOn: string;
  resolvedOn: string | null;
  resolution: string | null;
  controls: { id: string; code: string }[];
  criteria: { frameworkId: string; code: string }[];
  createdAt: string;
  updatedAt: string;
}

/** The fields of a finding raised by hand. */
export interface FindingInput {
  title: string;
  description: string | null;
  severity: Risk;
  controlCodes: string[];
  criteria: { frameworkId: string; code: string }[];
  ownerEmail: string | null;
  dueOn: string | null;
  openedOn: string;
}

/** A criterion of a framework catalog. */
export interface Criterion {
  frameworkId: string;
  code: string;
  title: string;
}

/** Every finding of the organization. */
export const useFindings = (org: string) =>
  useQuery({ queryKey: [org, 'findings'], queryFn: () => fetchAll<Finding>(orgPath(org, '/findings')) });

/** The criteria of one framework, in catalog order (catalogs are fixed: cached for the session). */
export const useCriteria = (org: string, framework: string) =>
  useQuery({
    queryKey: [org, 'criteria', framework],
    queryFn: () => fetchAll<Criterion>(orgPath(org, `/frameworks/${encodeURIComponent(framework)}/criteria`)),
    staleTime: Number.POSITIVE_INFINITY,
  });

/** Raises a finding (leads). */
export const createFinding = (org: string, input: FindingInput) =>
  api<Finding>(orgPath(org, '/findings'), { method: 'POST', body: input });

/** Resolves a finding with what was done (leads, or a contributor who owns it). */
export const resolveFinding = (org: string, id: string, resolvedOn: string, resolution: string | null) =>
  api<Finding>(orgPath(org, `/findings/${encodeURIComponent(id)}/resolve`), {
    method: 'POST',
    body: { resolvedOn, resolution },
  });
