import { Alert, Button, FileInput, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ImportProblemAlert } from '../components/ImportProblemAlert';
import { CLOSE_BUTTON, TONE } from '../components/tones';
import { useAction } from '../components/useAction';
import { importRoster, type RosterImportResult } from './queries';
import { importProblemOf } from './roster';

/** The result of an import in words. */
export function importSummary(file: string, r: RosterImportResult): string {
  if (r.created + r.updated === 0) return `${file}: ${r.rows} rows, all already up to date: nothing changed.`;
  return `${file}: ${r.rows} rows, ${r.created} added, ${r.updated} changed, ${r.unchanged} unchanged.`;
}

/** Uploads an HR roster CSV (all or nothing) and says what happened, or exactly where it failed. */
export function RosterImport({
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
    setDone(importSummary(picked.name, await importRoster(org, picked)));
    setFile(null);
    onImported();
  });
  const problem = importProblemOf(error);
  const upload = async () => {
    if (!file) return;
    await run(file);
  };
  return (
    <Modal {...CLOSE_BUTTON} opened={opened} onClose={onClose} title="Import a roster CSV" size="lg">
      <Stack gap="sm">
        <Text size="sm">
          Columns: <code>email, name, team, manager_email, status, departed_on</code> (email and name
          required; status <code>active</code> or <code>departed</code>, which needs departed_on as
          YYYY-MM-DD). Every row is checked before anything is written: one bad row and nothing is imported.
          People missing from the file are kept.
        </Text>
        <FileInput
          label="Roster file"
          accept=".csv,text/csv"
          clearable
          value={file}
          onChange={(f) => {
            setFile(f);
            setError(null);
            setDone(null);
          }}
        />
        <ImportProblemAlert problem={problem} error={error} />
        {done ? (
          <Alert color={TONE.ok} title="Roster imported" data-testid="import-done">
            {done}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          <Button onClick={upload} loading={busy} disabled={!file}>
            Import roster
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
