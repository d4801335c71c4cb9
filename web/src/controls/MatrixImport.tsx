import { Alert, Button, FileInput, Group, Modal, Stack, Text } from '@mantine/core';
import type { controlImportResultSchema } from '@server/modules/controls/control.schema';
import { useState } from 'react';
import type { z } from 'zod';
import { api, orgPath } from '../api/client';
import { ImportProblemAlert } from '../components/ImportProblemAlert';
import { CLOSE_BUTTON, TONE } from '../components/tones';
import { useAction } from '../components/useAction';
import { importProblemOf } from '../people/roster';

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
  const [file, setFile] = useState<File | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction(async (picked: File) => {
    setDone(null);
    setDone(matrixImportSummary(picked.name, await importMatrix(org, picked)));
    setFile(null);
    onImported();
  });
  return (
    <Modal {...CLOSE_BUTTON} opened={opened} onClose={onClose} title="Import the control matrix" size="lg">
      <Stack gap="sm">
        <Text size="sm">
          A file in the shape of the matrix download (CSV with commas, or the Excel workbook). Only the
          columns the file has change, an empty cell clears its field, and every row is checked before
          anything is written: one bad row and nothing is imported.
        </Text>
        <FileInput
          label="Matrix file"
          placeholder="Pick a .csv or .xlsx file"
          styles={{ placeholder: { color: 'var(--mantine-color-gray-7)' } }}
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          clearable
          value={file}
          onChange={(f) => {
            setFile(f);
            setError(null);
            setDone(null);
          }}
        />
        <ImportProblemAlert problem={importProblemOf(error)} error={error} />
        {done ? (
          <Alert color={TONE.ok} title="Matrix imported" data-testid="import-done">
            {done}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          <Button onClick={() => file && run(file)} loading={busy} disabled={!file}>
            Import matrix
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
