import { Alert, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { useRef, useState } from 'react';
import { errorOf, messageOf, orgPath } from '../api/client';
import { useMembership } from '../api/session';

/** Props: the engagement, and optionally the one request or control the package covers. */
export interface PackageExportButtonProps {
  org: string;
  engagementId: string;
  requestId?: string;
  controlCode?: string;
}

/** The file name of a Content-Disposition header (the UTF-8 form first), else a fallback. */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (utf8) {
    try {
      return decodeURIComponent(utf8[1]!);
    } catch {
      // malformed: try the ASCII form
    }
  }
  const ascii = /filename="([^"]+)"/i.exec(disposition);
  return ascii?.[1] ?? fallback;
}

/** The package's URL under /api/v1 for the engagement and the optional request or control. */
export function packageUrl(p: PackageExportButtonProps): string {
  const query = new URLSearchParams();
  if (p.controlCode) query.set('control', p.controlCode);
  if (p.requestId) query.set('request', p.requestId);
  const q = query.toString();
  return `/api/v1${orgPath(p.org, `/engagements/${encodeURIComponent(p.engagementId)}/package`)}${q ? `?${q}` : ''}`;
}

const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;

type SaveTarget = { write(chunk: Uint8Array): Promise<void>; close(): Promise<void>; abort(): Promise<void> };
type SavePicker = (options: { suggestedName: string }) => Promise<{
  createWritable(): Promise<{
    write(c: Uint8Array): Promise<void>;
    close(): Promise<void>;
    abort(): Promise<void>;
  }>;
}>;

/** Where the bytes go: straight to a file the person picks when the browser can, else collected and saved. */
async function saveTarget(name: string): Promise<{ target: SaveTarget; finish: () => void }> {
  const picker = (window as unknown as { showSaveFilePicker?: SavePicker }).showSaveFilePicker;
  if (picker) {
    const handle = await picker({ suggestedName: name });
    const writable = await handle.createWritable();
    return { target: writable, finish: () => undefined };
  }
  const parts: Uint8Array[] = [];
  return {
    target: {
      write: async (chunk) => {
        parts.push(chunk);
      },
      close: async () => undefined,
      abort: async () => {
        parts.length = 0;
      },
    },
    finish: () => {
      const url = URL.createObjectURL(new Blob(parts as BlobPart[], { type: 'application/zip' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
  };
}

/**
 * Downloads the signed evidence package of an engagement (or of one of its
 * requests or controls) with a progress bar: the response is read as a
 * stream, its bytes counted against Content-Length. Hidden from those the
 * policy refuses (`can.package.export`).
 */
export function PackageExportButton(props: PackageExportButtonProps) {
  const membership = useMembership(props.org);
  const [progress, setProgress] = useState<{ bytes: number; total: number | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  if (!membership || membership.can.package.export === false) return null;

  const start = async () => {
    setError(null);
    setDone(null);
    const controller = new AbortController();
    abort.current = controller;
    setProgress({ bytes: 0, total: null });
    try {
      const response = await fetch(packageUrl(props), {
        credentials: 'same-origin',
        signal: controller.signal,
      });
      if (!response.ok || !response.body) throw await errorOf(response);
      const total = Number(response.headers.get('content-length')) || null;
      const name = fileNameOf(response.headers.get('content-disposition'), 'evidence-package.zip');
      const { target, finish } = await saveTarget(name);
      const reader = response.body.getReader();
      let bytes = 0;
      try {
        for (;;) {
          const { done: end, value } = await reader.read();
          if (end) break;
          await target.write(value);
          bytes += value.length;
          setProgress({ bytes, total });
        }
      } catch (err) {
        await target.abort();
        throw err;
      }
      if (total !== null && bytes !== total) {
        await target.abort();
        throw new Error(`the download stopped after ${mib(bytes)} of ${mib(total)}: the server ended it`);
      }
      await target.close();
      finish();
      setDone(`${name} (${mib(bytes)}). Check it with auditready verify ${name}.`);
    } catch (err) {
      if (!controller.signal.aborted) setError(messageOf(err));
    } finally {
      abort.current = null;
      setProgress(null);
    }
  };

  const percent = progress?.total ? Math.min(100, (progress.bytes / progress.total) * 100) : null;
  return (
    <Stack gap={4} data-testid="package-export">
      <Group gap="xs">
        <Button variant="default" onClick={start} loading={progress !== null}>
          {props.requestId || props.controlCode ? 'Export package' : 'Export evidence package'}
        </Button>
        {progress ? (
          <Button variant="subtle" color="gray" onClick={() => abort.current?.abort()}>
            Cancel
          </Button>
        ) : null}
      </Group>
      {progress ? (
        <div>
          <Progress
            value={percent ?? 100}
            animated={percent === null}
            aria-label="Package download progress"
          />
          <Text size="xs" c="gray.7">
            {mib(progress.bytes)}
            {progress.total ? ` of ${mib(progress.total)}` : ''}
          </Text>
        </div>
      ) : null}
      {error ? (
        <Alert color="red" title="The package could not be exported">
          {error}
        </Alert>
      ) : null}
      {done ? (
        <Text size="xs" c="gray.7" role="status">
          Saved {done}
        </Text>
      ) : null}
    </Stack>
  );
}
