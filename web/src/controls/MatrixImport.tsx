import type { controlImportResultSchema } from '@server/modules/controls/control.schema';
import type { z } from 'zod';
import { api, orgPath } from '../api/client';
import { FileImportModal } from '../components/FileImportModal';

/** What the server answers to a control matrix import. */
export type MatrixImportResult = z.infer<typeof controlImportResultSchema>;

/** Uploads a control matrix CSV or XLSX (`POST /controls/import`, all or nothing). */
export function importMatrix(org: string, file: File): Promise<MatrixImportResult> {
  const form = new FormData();
  form.append('file', file, file.name);
  return api<MatrixImportResult>(orgPath(org, '/controls/import'), { method: 'POST', body: form });
}

/** The result of a matrix import in words. */
export function matrixImportSummary(file: string, r: MatrixImportResult): string {
  if (r.created + r.updated === 0) return `${file}: ${r.rows} rows, all already up to date: nothing changed.`;
  return `${file}: ${r.rows} rows, ${r.created} controls added, ${r.updated} changed, ${r.unchanged} unchanged.`;
}

/** Uploads the control matrix as CSV or XLSX and says what changed, or exactly where it failed. */
export function MatrixImport({
  org,
  opened,
  onClose,
  onImported,
}: {
  org: string;
  opened: boolean;
  onClose: () => void;
  onImported: () => void;
}) {
  return (
    <FileImportModal
      opened={opened}
      onClose={onClose}
      onImported={onImported}
      title="Import the control matrix"
      intro="A file in the shape of the matrix download (CSV with commas, or the Excel workbook). Only the columns the file has change, an empty cell clears its field, and every row is checked before anything is written: one bad row and nothing is imported."
      fileLabel="Matrix file"
      placeholder="Pick a .csv or .xlsx file"
      accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
      doneTitle="Matrix imported"
      submitLabel="Import matrix"
      upload={async (file) => matrixImportSummary(file.name, await importMatrix(org, file))}
    />
  );
}
