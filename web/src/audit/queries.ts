import type {
  AuditEngagement,
  AuditFinding,
  AuditControl as ServerAuditControl,
} from '@server/modules/audit/audit.schema';
import type { EvidenceView } from '@server/modules/evidence/evidence.schema';
import type {
  PopulationKindView,
  PopulationPreview,
  Sample,
  SampleSizeRowView,
} from '@server/modules/sampling/sampling.schema';
import { useQuery } from '@tanstack/react-query';
import { api, orgPath } from '../api/client';
import { fetchAll } from '../api/queries';

export type {
  AuditEngagement,
  AuditFinding,
  PopulationKindView,
  PopulationPreview,
  Sample,
  SampleSizeRowView,
};
/** Evidence as the audit views send it. */
export type AuditEvidence = EvidenceView;
/** An in-scope control as the audit views send it. */
export type AuditControl = ServerAuditControl;

/** The API path of one engagement's audit or sample route. */
export const engagementPath = (org: string, engagementId: string, path: string) =>
  orgPath(org, `/engagements/${encodeURIComponent(engagementId)}${path}`);

export const useAuditEngagement = (org: string, engagementId: string) =>
  useQuery({
    queryKey: [org, 'audit', engagementId],
    queryFn: () => api<AuditEngagement>(engagementPath(org, engagementId, '/audit')),
  });

export const useAuditControls = (org: string, engagementId: string) =>
  useQuery({
    queryKey: [org, 'audit', engagementId, 'controls'],
    queryFn: () => fetchAll<AuditControl>(engagementPath(org, engagementId, '/audit/controls')),
  });

export const useAuditEvidence = (org: string, engagementId: string) =>
  useQuery({
    queryKey: [org, 'audit', engagementId, 'evidence'],
    queryFn: () => fetchAll<AuditEvidence>(engagementPath(org, engagementId, '/audit/evidence')),
  });

export const useAuditFindings = (org: string, engagementId: string) =>
  useQuery({
    queryKey: [org, 'audit', engagementId, 'findings'],
    queryFn: () => fetchAll<AuditFinding>(engagementPath(org, engagementId, '/audit/findings')),
  });

export const usePopulationKinds = (org: string, engagementId: string) =>
  useQuery({
    queryKey: [org, 'audit', engagementId, 'population-kinds'],
    queryFn: async () =>
      (await api<{ items: PopulationKindView[] }>(engagementPath(org, engagementId, '/population-kinds')))
        .items,
  });

export const useSamples = (org: string, engagementId: string, requestId?: string) =>
  useQuery({
    queryKey: [org, 'audit', engagementId, 'samples', requestId ?? null],
    queryFn: async () =>
      (
        await api<{ items: Sample[] }>(
          engagementPath(
            org,
            engagementId,
            `/samples${requestId ? `?requestId=${encodeURIComponent(requestId)}` : ''}`,
          ),
        )
      ).items,
  });

/** A population read now (count, hash, proposed size), when a kind (and its argument) is picked. */
export const usePopulationPreview = (org: string, engagementId: string, kind: string | null, arg: string) =>
  useQuery({
    queryKey: [org, 'audit', engagementId, 'population', kind, arg],
    queryFn: () =>
      api<PopulationPreview>(
        engagementPath(
          org,
          engagementId,
          `/populations/${encodeURIComponent(kind ?? '')}?limit=5${arg ? `&arg=${encodeURIComponent(arg)}` : ''}`,
        ),
      ),
    enabled: kind !== null,
    retry: false,
  });
