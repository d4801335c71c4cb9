import type { SPREADSHEET_EXPORTS } from '@server/modules/reports/spreadsheets';
import { orgPath } from '../api/client';

/** One file the download menu offers. */
export interface DownloadLink {
  label: string;
  href: string;
}

/** A spreadsheet export of the organization (`GET /orgs/:org/exports/:kind`). */
export type SpreadsheetKind = (typeof SPREADSHEET_EXPORTS)[number];

const api = (path: string) => `/api/v1${path}`;
const at = (date: string | undefined) => (date ? `&at=${encodeURIComponent(date)}` : '');

/** The XLSX and CSV of one spreadsheet export, at `date` when it is dated. */
export function spreadsheetLinks(org: string, kind: SpreadsheetKind, date?: string): DownloadLink[] {
  return [
    { label: 'Excel workbook (.xlsx)', href: api(orgPath(org, `/exports/${kind}?format=xlsx${at(date)}`)) },
    { label: 'CSV (.csv)', href: api(orgPath(org, `/exports/${kind}?format=csv${at(date)}`)) },
  ];
}

/** The readiness report at `date` as a PDF. */
export function readinessPdfLink(org: string, date?: string): DownloadLink {
  const query = date ? `?at=${encodeURIComponent(date)}` : '';
  return { label: 'Readiness report (.pdf)', href: api(orgPath(org, `/reports/readiness.pdf${query}`)) };
}

const OSCAL_LABELS = {
  'oscal-catalog': 'OSCAL catalog of our controls (.json)',
  'oscal-mapping': 'OSCAL crosswalk (mapping-collection, .json)',
  'oscal-assessment-results': 'OSCAL assessment results (.json)',
  'oscal-poam': 'OSCAL plan of action and milestones (.json)',
} as const;

/** One OSCAL 1.2 document; the dated ones (results, POA&M) at `date`. */
export function oscalLink(org: string, kind: keyof typeof OSCAL_LABELS, date?: string): DownloadLink {
  const dated = kind === 'oscal-assessment-results' || kind === 'oscal-poam';
  const query = dated && date ? `?at=${encodeURIComponent(date)}` : '';
  return { label: OSCAL_LABELS[kind], href: api(orgPath(org, `/oscal/${kind}${query}`)) };
}
