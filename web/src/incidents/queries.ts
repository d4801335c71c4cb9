import type {
  FollowUpView,
  IncidentSummary,
  IncidentView,
  IrTestView,
  RegisterImportResult,
} from '@server/modules/incidents/incident.schema';
import { useQuery } from '@tanstack/react-query';
import { api, orgPath } from '../api/client';
import { fetchAll } from '../api/queries';

export type { FollowUpView, IncidentSummary, IncidentView, IrTestView, RegisterImportResult };

/** The incident register, newest detection first. */
export const useIncidents = (org: string) =>
  useQuery({
    queryKey: [org, 'incidents'],
    queryFn: () => fetchAll<IncidentSummary>(orgPath(org, '/incidents')),
  });

/** One incident with its timeline, follow-ups and findings. */
export const useIncident = (org: string, id: string) =>
  useQuery({
    queryKey: [org, 'incidents', id],
    queryFn: () => api<IncidentView>(orgPath(org, `/incidents/${encodeURIComponent(id)}`)),
  });

/** The IR tests, newest first. */
export const useIrTests = (org: string) =>
  useQuery({
    queryKey: [org, 'ir-tests'],
    queryFn: () => fetchAll<IrTestView>(orgPath(org, '/ir-tests')),
  });

/** Uploads an incident register CSV (all or nothing). */
export function importRegister(org: string, file: File): Promise<RegisterImportResult> {
  const form = new FormData();
  form.append('file', file, file.name);
  return api<RegisterImportResult>(orgPath(org, '/incidents/import'), { method: 'POST', body: form });
}

/** Adds a timeline entry. */
export const addTimelineEntry = (org: string, id: string, at: string, entry: string) =>
  api<IncidentView>(orgPath(org, `/incidents/${encodeURIComponent(id)}/timeline`), {
    method: 'POST',
    body: { at, entry },
  });

/** Adds a follow-up action. */
export const addFollowUp = (org: string, id: string, action: string, owner: string, dueOn: string) =>
  api<IncidentView>(orgPath(org, `/incidents/${encodeURIComponent(id)}/follow-ups`), {
    method: 'POST',
    body: { action, owner, dueOn },
  });

/** Marks a follow-up action done with its evidence. */
export const completeFollowUp = (org: string, followUpId: string, evidence: string) =>
  api<FollowUpView>(orgPath(org, `/incident-follow-ups/${encodeURIComponent(followUpId)}/done`), {
    method: 'POST',
    body: { evidence },
  });

/** Records the root cause (and optionally the status) of an incident. */
export const updateIncident = (org: string, id: string, body: Record<string, string | null>) =>
  api<IncidentView>(orgPath(org, `/incidents/${encodeURIComponent(id)}`), { method: 'PATCH', body });

/** The result of a register import in words. */
export function registerImportSummary(file: string, r: RegisterImportResult): string {
  if (r.status === 'unchanged')
    return `${file}: ${r.rows} incidents, all already up to date: nothing changed.`;
  return `${file}: ${r.rows} incidents, ${r.created} added, ${r.updated} changed, ${r.unchanged} unchanged.`;
}

/** The badge colour of a severity. */
export const SEVERITY_COLOR: Record<IncidentSummary['severity'], string> = {
  critical: '#c92a2a',
  high: '#a63a0b',
  medium: '#5c3c00',
  low: '#495057',
};
