import type {
  RegisterImportResult,
  VendorSummary as ServerVendorSummary,
  VendorView,
} from '@server/modules/vendors/vendor.schema';
import { useQuery } from '@tanstack/react-query';
import { STATUS_COLORS } from '../../../src/core/status-colors';
import { api, orgPath } from '../api/client';
import { fetchAll } from '../api/queries';

/** A vendor as the register lists it. */
export type VendorSummary = ServerVendorSummary;
/** A vendor with its reports, bridge letters, CUECs, reviews and open findings. */
export type Vendor = VendorView;

/** The report-age badge in words (the core's one wording, shared with the CLI). */
export { assuranceBadge } from '../../../src/core/vendors/rules';

/** The vendor register. */
export const useVendors = (org: string) =>
  useQuery({
    queryKey: [org, 'vendors'],
    queryFn: () => fetchAll<VendorSummary>(orgPath(org, '/vendors')),
  });

/** One vendor. */
export const useVendor = (org: string, id: string) =>
  useQuery({
    queryKey: [org, 'vendors', id],
    queryFn: () => api<Vendor>(orgPath(org, `/vendors/${encodeURIComponent(id)}`)),
  });

/** Uploads a vendor register CSV (all or nothing). */
export function importRegister(org: string, file: File): Promise<RegisterImportResult> {
  const form = new FormData();
  form.append('file', file, file.name);
  return api<RegisterImportResult>(orgPath(org, '/vendors/import'), { method: 'POST', body: form });
}

/** Lists a CUEC of a vendor's report. */
export const addCuec = (org: string, vendorId: string, ref: string, description: string) =>
  api<Vendor>(orgPath(org, `/vendors/${encodeURIComponent(vendorId)}/cuecs`), {
    method: 'POST',
    body: { ref, description },
  });

/** Sets the controls that run a CUEC (the whole set). */
export const mapCuec = (org: string, vendorId: string, cuecId: string, controlCodes: string[]) =>
  api<Vendor>(
    orgPath(org, `/vendors/${encodeURIComponent(vendorId)}/cuecs/${encodeURIComponent(cuecId)}/controls`),
    { method: 'PUT', body: { controlCodes } },
  );

/**
 * The colour of a vendor's report-age badge: current is ready; a report carried by bridge letters is at
 * risk (it lives on letters); stale or missing is a gap for a critical vendor (a finding) and at risk for
 * others; no report for a non-critical vendor is neutral.
 */
export function assuranceColor(v: Pick<VendorSummary, 'assurance' | 'criticality'>): string {
  const critical = v.criticality === 'critical';
  switch (v.assurance.status) {
    case 'current':
      return STATUS_COLORS.ready;
    case 'bridged':
      return STATUS_COLORS['at-risk'];
    case 'stale':
      return critical ? STATUS_COLORS.gap : STATUS_COLORS['at-risk'];
    case 'none':
      return critical ? STATUS_COLORS.gap : STATUS_COLORS['not-applicable'];
  }
}
