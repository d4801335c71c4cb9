import type {
  AccountListResult,
  DecideResult,
  CampaignSummary as ServerCampaignSummary,
  CampaignView as ServerCampaignView,
} from '@server/modules/access-reviews/access-review.schema';
import { useQuery } from '@tanstack/react-query';
import { api, orgPath } from '../api/client';
import { fetchAll } from '../api/queries';

/** A campaign as the board lists it, with its progress. */
export type CampaignSummary = ServerCampaignSummary;
/** A campaign with its items and follow-ups. */
export type Campaign = ServerCampaignView;
/** One item of a campaign. */
export type CampaignItem = Campaign['items'][number];
/** What an account list import did. */
export type { AccountListResult };

/** Uploads one system's account list (the fields go before the file part); `format` null: told from the content. */
export function importAccountList(
  org: string,
  file: File,
  fields: { system: string; asOf: string | null; format: string | null },
): Promise<AccountListResult> {
  const form = new FormData();
  form.append('system', fields.system);
  if (fields.asOf) form.append('asOf', fields.asOf);
  if (fields.format) form.append('format', fields.format);
  form.append('file', file, file.name);
  return api<AccountListResult>(orgPath(org, '/access-reviews/accounts'), { method: 'POST', body: form });
}

/** A reviewer's decision. */
export type Decision = 'keep' | 'revoke' | 'change';

/** Every campaign of the organization, newest first. */
export const useCampaigns = (org: string) =>
  useQuery({
    queryKey: [org, 'access-reviews'],
    queryFn: () => fetchAll<CampaignSummary>(orgPath(org, '/access-reviews')),
  });

/** One campaign with its items and follow-ups. */
export const useCampaign = (org: string, id: string) =>
  useQuery({
    queryKey: [org, 'access-reviews', id],
    queryFn: () => api<Campaign>(orgPath(org, `/access-reviews/${encodeURIComponent(id)}`)),
  });

/** Records one decision as the signed-in reviewer. */
export const decide = (org: string, id: string, item: string, decision: Decision, comment: string | null) =>
  api<DecideResult>(orgPath(org, `/access-reviews/${encodeURIComponent(id)}/decisions`), {
    method: 'POST',
    body: { decisions: [{ item, decision, comment }] },
  });

/** Completes a campaign whose every item is decided (leads). */
export const completeCampaign = (org: string, id: string) =>
  api<Campaign>(orgPath(org, `/access-reviews/${encodeURIComponent(id)}/complete`), { method: 'POST' });

/** Why the reviewer may not decide on an item (their own account, an NHI they own), or null. */
export function ownAccessReason(item: CampaignItem, personId: string | null): string | null {
  if (personId === null) return null;
  if (item.subjectType === 'account' && item.personId === personId)
    return 'Your own account: another reviewer decides on it (separation of duties).';
  if (item.subjectType === 'nhi' && item.ownerPersonId === personId)
    return 'An identity you own: another reviewer decides on it (separation of duties).';
  return null;
}
