import {
  Alert,
  Button,
  Code,
  FileInput,
  Group,
  List,
  Modal,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { ErrorNote } from '../components/ErrorNote';
import { TONE } from '../components/tones';
import { useAction } from '../components/useAction';
import { importSummary, nhiImportProblem } from './nhi';
import { importNhiExport } from './queries';
import { IMPORT_KINDS, type NhiImportResult } from './types';

/**
 * Uploads a provider export or scanner report with its kind (and scope where
 * the file does not say), then says what the import did, or exactly where
 * the file is wrong (nothing is written then).
 */
export function NhiImport({
  org,
  opened,
  onClose,
  onImported,
}: {
  org: string;
  opened: boolean;
  onClose: () => void;
  onImported: (result: NhiImportResult) => void;
}) {
  const [kind, setKind] = useState<string | null>(null);
  const [scope, setScope] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<NhiImportResult | null>(null);
  const { busy, error, setError, run } = useAction(async (input: { kind: string; file: File }) => {
    reset();
    const done = await importNhiExport(org, { ...input, scope });
    setResult(done);
    setFile(null);
    onImported(done);
  });
  const spec = IMPORT_KINDS.find((k) => k.value === kind);
  const problem = nhiImportProblem(error);
  const reset = () => {
    setError(null);
    setResult(null);
  };
  const upload = async () => {
    if (!file || !kind) return;
    await run({ kind, file });
  };
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title="Import an export"
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close the import dialog' }}
    >
      <Stack gap="sm">
        <Text size="sm">
          Upload the provider's own export. Every record is checked first: one bad record and nothing is
          imported. The file is kept as evidence of the NHI inventory control; the same content twice changes
          nothing.
        </Text>
        <Select
          label="Kind of export"
          placeholder="Pick what the file is"
          searchable
          data={IMPORT_KINDS.map((k) => ({ value: k.value, label: k.label }))}
          value={kind}
          onChange={(v) => {
            setKind(v);
            reset();
          }}
          required
        />
        {spec ? (
          <Text size="xs" c="gray.7" data-testid="import-command">
            Produced by <Code>{spec.command}</Code>
          </Text>
        ) : null}
        <TextInput
          label={`Scope${spec?.scope?.required ? '' : ' (optional)'}`}
          description={spec?.scope?.hint ?? 'What the export covers, when the file does not say'}
          styles={{ description: { color: 'var(--mantine-color-gray-7)' } }}
          value={scope}
          onChange={(e) => setScope(e.currentTarget.value)}
          required={spec?.scope?.required ?? false}
          maxLength={300}
        />
        <FileInput
          label="Export file"
          placeholder="Pick a .json, .jsonl or .csv file"
          // Mantine draws this placeholder as text in its light grey, below contrast: darken it.
          styles={{ placeholder: { color: 'var(--mantine-color-gray-7)' } }}
          accept=".json,.jsonl,.csv,application/json,text/csv"
          clearable
          value={file}
          onChange={(f) => {
            setFile(f);
            reset();
          }}
        />
        {problem ? (
          <Alert color={TONE.danger} title="Nothing was imported" role="alert" data-testid="import-problem">
            <List size="sm" spacing={2}>
              <List.Item>File: {problem.file}</List.Item>
              {problem.line !== null ? <List.Item>Line: {problem.line}</List.Item> : null}
              {problem.column !== null ? <List.Item>Column: {problem.column}</List.Item> : null}
              {problem.path !== null ? <List.Item>At: {problem.path}</List.Item> : null}
              <List.Item>Reason: {problem.reason}</List.Item>
            </List>
            <Text size="sm" mt={6}>
              Check that the kind matches the file, fix{' '}
              {problem.line !== null ? `line ${problem.line} of ` : ''}
              {problem.file} (or export it again), and import it again.
            </Text>
          </Alert>
        ) : error ? (
          <ErrorNote title="Nothing was imported" error={error} />
        ) : null}
        {result ? (
          <Alert
            color={TONE.ok}
            title={result.status === 'unchanged' ? 'Already imported' : 'Imported'}
            role="status"
          >
            <Text size="sm" data-testid="import-result">
              {importSummary(result)}
            </Text>
          </Alert>
        ) : null}
        <Group justify="end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          <Button
            onClick={upload}
            loading={busy}
            disabled={!file || !kind || (spec?.scope?.required === true && !scope.trim())}
          >
            Import
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
