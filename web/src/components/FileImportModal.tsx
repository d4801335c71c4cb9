import { Alert, Button, FileInput, Group, Modal, Stack, Text } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { importProblemOf } from '../people/roster';
import { ImportProblemAlert } from './ImportProblemAlert';
import { CLOSE_BUTTON, TONE } from './tones';
import { useAction } from './useAction';

/**
 * The one dialog for an all-or-nothing file import (roster, control matrix):
 * pick a file, upload it, and say what changed or exactly where it failed
 * (file, line, column, reason). `upload` returns the result in words;
 * `fields` are inputs the import needs besides the file (`ready` false keeps
 * the import disabled until they are filled in).
 */
export function FileImportModal({
  opened,
  onClose,
  onImported,
  title,
  intro,
  fileLabel,
  placeholder,
  accept,
  doneTitle,
  submitLabel,
  upload,
  fields,
  ready = true,
}: {
  opened: boolean;
  onClose: () => void;
  onImported: () => void;
  title: string;
  intro: ReactNode;
  fileLabel: string;
  placeholder?: string;
  accept: string;
  doneTitle: string;
  submitLabel: string;
  upload: (file: File) => Promise<string>;
  fields?: ReactNode;
  ready?: boolean;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction(async (picked: File) => {
    setDone(null);
    setDone(await upload(picked));
    setFile(null);
    onImported();
  });
  return (
    <Modal {...CLOSE_BUTTON} opened={opened} onClose={onClose} title={title} size="lg">
      <Stack gap="sm">
        <Text size="sm">{intro}</Text>
        {fields}
        <FileInput
          label={fileLabel}
          placeholder={placeholder}
          // Mantine draws the placeholder in its light grey, below contrast: darken it.
          styles={placeholder ? { placeholder: { color: 'var(--mantine-color-gray-7)' } } : undefined}
          accept={accept}
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
          <Alert color={TONE.ok} title={doneTitle} data-testid="import-done">
            {done}
          </Alert>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          <Button onClick={() => file && run(file)} loading={busy} disabled={!file || !ready}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
