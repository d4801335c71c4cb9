import type { Evidence } from '@server/modules/evidence/evidence.schema';
import type {
  ColumnMappingView,
  RequestDetail,
  RequestImportResult,
  RequestSummary,
} from '@server/modules/requests/request.schema';
import { useQuery } from '@tanstack/react-query';
import { api, orgPath } from '../api/client';
import { fetchAll } from '../api/queries';
import { useMembership } from '../api/session';
import { useEngagements } from '../plan/queries';

export type { ColumnMappingView, RequestDetail, RequestImportResult, RequestSummary };
/** A piece of evidence an answer can attach. */
export type EvidenceOption = Evidence;

/** The statuses in the order of the board's columns, with their labels. */
export const REQUEST_COLUMNS = [
  { status: 'open', label: 'Open' },
  { status: 'in-progress', label: 'In progress' },
  { status: 'submitted', label: 'Submitted' },
  { status: 'returned', label: 'Returned' },
  { status: 'accepted', label: 'Accepted' },
] as const satisfies { status: RequestSummary['status']; label: string }[];

/** The engagement the requests pages work in: an auditor's own, else the organization's latest. */
export function useRequestEngagement(org: string): { engagementId: string | null; pending: boolean } {
  const membership = useMembership(org);
  const scoped = membership?.engagementId ?? null;
  // An auditor may not list the organization's engagements (a refusal would be logged): theirs is known.
  const engagements = useEngagements(org, membership !== undefined && scoped === null);
  if (scoped) return { engagementId: scoped, pending: false };
  return { engagementId: engagements.data?.[0]?.id ?? null, pending: engagements.isPending };
}

const base = (org: string, engagementId: string) =>
  orgPath(org, `/engagements/${encodeURIComponent(engagementId)}/requests`);
const one = (org: string, engagementId: string, id: string) =>
  `${base(org, engagementId)}/${encodeURIComponent(id)}`;

/** Every request of the engagement (by reference). */
export const useRequests = (org: string, engagementId: string | null) =>
  useQuery({
    queryKey: [org, 'requests', engagementId],
    queryFn: () => fetchAll<RequestSummary>(base(org, engagementId!)),
    enabled: engagementId !== null,
  });

/** One request with its thread. */
export const useRequest = (org: string, engagementId: string | null, id: string) =>
  useQuery({
    queryKey: [org, 'requests', engagementId, id],
    queryFn: () => api<RequestDetail>(one(org, engagementId!, id)),
    enabled: engagementId !== null,
  });

/** The evidence of the request's controls an answer can attach (contributors and leads). */
export const useEvidenceOptions = (org: string, engagementId: string | null, id: string, enabled: boolean) =>
  useQuery({
    queryKey: [org, 'requests', engagementId, id, 'evidence-options'],
    queryFn: () => api<EvidenceOption[]>(`${one(org, engagementId!, id)}/evidence-options`),
    enabled: enabled && engagementId !== null,
  });

/** The saved column mappings (leads). */
export const useColumnMappings = (org: string, enabled: boolean) =>
  useQuery({
    queryKey: [org, 'request-mappings'],
    queryFn: () => api<ColumnMappingView[]>(orgPath(org, '/request-mappings')),
    enabled,
  });

/** Uploads a request list (CSV or XLSX), with a saved mapping or the common headers. */
export function importRequestList(
  org: string,
  engagementId: string,
  file: File,
  mapping: string | null,
): Promise<RequestImportResult> {
  const form = new FormData();
  form.append('file', file, file.name);
  const query = mapping ? `?mapping=${encodeURIComponent(mapping)}` : '';
  return api<RequestImportResult>(`${base(org, engagementId)}/import${query}`, {
    method: 'POST',
    body: form,
  });
}

/** A comment on the thread. */
export const commentOn = (org: string, engagementId: string, id: string, message: string) =>
  api<RequestDetail>(`${one(org, engagementId, id)}/comments`, { method: 'POST', body: { message } });

/** An answer attaching existing evidence. */
export const answerWith = (
  org: string,
  engagementId: string,
  id: string,
  evidenceIds: string[],
  message: string,
) =>
  api<RequestDetail>(`${one(org, engagementId, id)}/answers`, {
    method: 'POST',
    body: { evidenceIds, message },
  });

/** An answer with a new file, recorded as evidence on a requirement of the request's controls. */
export function answerWithUpload(
  org: string,
  engagementId: string,
  id: string,
  input: { requirementCode: string; effective: string; message: string; file: File },
): Promise<RequestDetail> {
  const form = new FormData();
  form.append('requirementCode', input.requirementCode);
  form.append('effective', input.effective);
  if (input.message.trim()) form.append('message', input.message.trim());
  form.append('file', input.file, input.file.name);
  return api<RequestDetail>(`${one(org, engagementId, id)}/answers/upload`, { method: 'POST', body: form });
}

/** Submit, accept (auditor) or return with a reason (auditor). */
export const moveRequest = (
  org: string,
  engagementId: string,
  id: string,
  action: 'submit' | 'accept' | 'return',
  text?: string,
) =>
  api<RequestDetail>(`${one(org, engagementId, id)}/${action}`, {
    method: 'POST',
    body: action === 'return' ? { reason: text ?? '' } : text ? { note: text } : {},
  });

/** Which due dates the board shows. */
export type DueFilter = 'all' | 'overdue' | 'soon';

/** The requests the board shows for its filters (assignee id, control code, due). */
export function filterRequests(
  all: readonly RequestSummary[],
  filter: { assignee: string | null; control: string | null; due: DueFilter },
  today: string,
  soonUntil: string,
): RequestSummary[] {
  const open = (r: RequestSummary) => r.status !== 'submitted' && r.status !== 'accepted';
  return all.filter(
    (r) =>
      (filter.assignee === null || r.assignee?.id === filter.assignee) &&
      (filter.control === null || r.controls.some((c) => c.code === filter.control)) &&
      (filter.due === 'all' ||
        (filter.due === 'overdue' && open(r) && r.dueOn !== null && r.dueOn < today) ||
        (filter.due === 'soon' && open(r) && r.dueOn !== null && r.dueOn >= today && r.dueOn <= soonUntil)),
  );
}
