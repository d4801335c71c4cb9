import { Button, Group, Paper, Select, Stack, Text } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { type DragEvent, useRef, useState } from 'react';
import { SOURCE_TYPES } from '../../../src/core/vocabulary';
import { api, orgPath } from '../api/client';
import type { Evidence } from '../api/types';
import { ErrorNote } from '../components/ErrorNote';
import { READABLE_INPUT } from '../components/tones';
import { useAction } from '../components/useAction';

/** Builds the multipart body: metadata fields first, the file part last (the server reads them in order). */
export function evidenceForm(
  meta: { controlCode: string; requirementCode: string; effective: string; sourceType: string },
  file: File,
): FormData {
  const form = new FormData();
  form.append('controlCode', meta.controlCode);
  form.append('requirementCode', meta.requirementCode);
  form.append('effective', meta.effective);
  form.append('sourceType', meta.sourceType);
  form.append('file', file, file.name);
  return form;
}

interface Props {
  org: string;
  controlCode: string;
  requirementCode: string;
  defaultSourceType: string;
  today: string;
  onUploaded: (evidence: Evidence) => void;
}

/** An effective value (`2026-10-01` or `2026-10-01..2026-12-31`) as the picker's range. */
export function rangeOf(effective: string): [string | null, string | null] {
  const [start, end] = effective.split('..');
  return [start || null, end || start || null];
}

/** The picker's range as an effective value: one day when both ends are the day; null until both are picked. */
export function effectiveOf(range: [string | null, string | null] | (string | Date | null)[]): string | null {
  const [start, end] = range.map((d) =>
    d ? String(d instanceof Date ? d.toISOString() : d).slice(0, 10) : null,
  );
  if (!start || !end) return null;
  return start === end ? start : `${start}..${end}`;
}

/** Drop a file (or pick one), set the effective date (a day or a range, picked) and source type, upload as evidence. */
export function EvidenceDropzone({
  org,
  controlCode,
  requirementCode,
  defaultSourceType,
  today,
  onUploaded,
}: Props) {
  const [file, setFile] = useState<File | null>(null);
  const [effective, setEffective] = useState(today);
  const [sourceType, setSourceType] = useState(defaultSourceType);
  const [over, setOver] = useState(false);
  const { busy, error, run } = useAction(async (picked: File) => {
    const body = evidenceForm({ controlCode, requirementCode, effective, sourceType }, picked);
    const created = await api<Evidence>(orgPath(org, '/evidence'), { method: 'POST', body });
    setFile(null);
    onUploaded(created);
  });
  const input = useRef<HTMLInputElement>(null);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const dropped = e.dataTransfer.files[0];
    if (dropped) setFile(dropped);
  };
  const upload = async () => {
    if (!file) return;
    await run(file);
  };
  const id = `file-${requirementCode}`;
  return (
    <Paper
      withBorder
      p="sm"
      bg={over ? 'indigo.0' : undefined}
      style={{ borderStyle: 'dashed' }}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-dropzone={requirementCode}
    >
      <Stack gap="xs">
        <Group gap="xs">
          <Text size="sm">
            {file ? `Ready to upload: ${file.name}` : `Drop a file for ${requirementCode} here, or`}
          </Text>
          <Button size="xs" variant="default" onClick={() => input.current?.click()}>
            Choose file
          </Button>
          <input
            id={id}
            ref={input}
            type="file"
            hidden
            aria-label={`Evidence file for ${requirementCode}`}
            onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
          />
        </Group>
        <Group align="end" gap="xs">
          <DatePickerInput
            type="range"
            allowSingleDateInRange
            label="Effective (a day, or from – to)"
            description="Click one day twice for a single date"
            styles={READABLE_INPUT}
            size="xs"
            valueFormat="YYYY-MM-DD"
            maxDate={today}
            value={rangeOf(effective)}
            onChange={(range) => {
              const next = effectiveOf(range);
              if (next) setEffective(next);
            }}
            miw={200}
          />
          <Select
            label="Source type"
            size="xs"
            data={SOURCE_TYPES}
            value={sourceType}
            allowDeselect={false}
            onChange={(v) => v && setSourceType(v)}
          />
          <Button size="xs" onClick={upload} disabled={!file} loading={busy}>
            Upload evidence
          </Button>
        </Group>
        {error ? <ErrorNote title="Upload failed" error={error} /> : null}
      </Stack>
    </Paper>
  );
}
