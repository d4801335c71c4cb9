import { Anchor, Button, Code, Modal, ScrollArea, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { orgPath } from '../api/client';
import type { Evidence } from '../api/types';
import { ErrorNote } from '../components/ErrorNote';
import { CLOSE_BUTTON } from '../components/tones';

/** The URL of a piece of evidence's stored file (the server decides inline or attachment). */
export function evidenceContentUrl(org: string, id: string): string {
  return `/api/v1${orgPath(org, `/evidence/${encodeURIComponent(id)}/content`)}`;
}

/** A link's readable form: its host and path, without the scheme and a trailing slash. */
export function linkLabel(url: string): string {
  try {
    const u = new URL(url);
    const rest = `${u.pathname}${u.search}`.replace(/\/$/, '');
    return `${u.host}${rest}`;
  } catch {
    return url;
  }
}

/** Pretty-printed JSON of a structured record (two-space indent); the text as it is when it is not JSON. */
export function formatRecord(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function RecordView({ org, evidence }: { org: string; evidence: Evidence }) {
  const record = useQuery({
    queryKey: [org, 'evidence', evidence.id, 'content'],
    queryFn: async () => {
      const response = await fetch(evidenceContentUrl(org, evidence.id), { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      return formatRecord(await response.text());
    },
  });
  if (record.error) return <ErrorNote error={record.error} />;
  return (
    <ScrollArea.Autosize mah="60vh">
      <Code block data-record>
        {record.data ?? 'Loading…'}
      </Code>
    </ScrollArea.Autosize>
  );
}

/**
 * What a piece of evidence is, as something to open: a file's name opens it in a new tab (PDF, images,
 * text and CSV show there; other types download), a link shows its host and path and opens it, a
 * structured record opens in a dialog as indented JSON.
 */
export function EvidenceContent({ org, evidence }: { org: string; evidence: Evidence }) {
  const [open, setOpen] = useState(false);
  if (evidence.kind === 'link' && evidence.url)
    return (
      <Anchor
        href={evidence.url}
        target="_blank"
        rel="noopener noreferrer"
        size="xs"
        title={evidence.url}
        data-evidence-link
        style={{ overflowWrap: 'anywhere' }}
      >
        {linkLabel(evidence.url)} ↗
      </Anchor>
    );
  if (evidence.kind === 'record')
    return (
      <>
        <Button variant="subtle" size="compact-xs" onClick={() => setOpen(true)} data-evidence-record>
          View record
        </Button>
        <Modal
          opened={open}
          onClose={() => setOpen(false)}
          title={`Structured record · ${evidence.requirementCode} · ${evidence.effectiveStart}`}
          size="lg"
          {...CLOSE_BUTTON}
        >
          {evidence.description ? (
            <Text size="sm" mb="xs">
              {evidence.description}
            </Text>
          ) : null}
          {open ? <RecordView org={org} evidence={evidence} /> : null}
        </Modal>
      </>
    );
  if (!evidence.sha256) return <Text size="xs">{evidence.fileName ?? evidence.kind}</Text>;
  return (
    <Anchor
      href={evidenceContentUrl(org, evidence.id)}
      target="_blank"
      rel="noopener"
      size="xs"
      data-evidence-file
      style={{ overflowWrap: 'anywhere' }}
    >
      {evidence.fileName ?? 'file'}
    </Anchor>
  );
}
