import type {
  FindingInput as ServerFindingInput,
  StoredFinding,
} from '@server/modules/findings/finding.schema';
import type { CriterionRow } from '@server/modules/frameworks/framework.repository';
import { useQuery } from '@tanstack/react-query';
import { api, orgPath } from '../api/client';
import { fetchAll } from '../api/queries';
import type { Wire } from '../api/types';

/** A finding as `GET /orgs/:org/findings` gives it (`source`: `manual`, `auditor`, `rule:<id>`, …). */
export type Finding = Wire<StoredFinding>;

/** The fields of a finding raised by hand. */
export type FindingInput = Omit<ServerFindingInput, 'source'>;

/** A criterion of a framework catalog. */
export type Criterion = Pick<CriterionRow, 'frameworkId' | 'code' | 'title'>;

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
