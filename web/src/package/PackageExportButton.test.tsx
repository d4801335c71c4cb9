import { MantineProvider } from '@mantine/core';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fileNameOf, PackageExportButton, packageUrl } from './PackageExportButton';

let canExport: boolean | 'engagement' = true;
vi.mock('../api/session', () => ({
  useMembership: () => ({ can: { package: { export: canExport } } }),
}));

function renderButton(props: { requestId?: string; controlCode?: string } = {}) {
  return render(
    <MantineProvider>
      <PackageExportButton org="acme" engagementId="e1" {...props} />
    </MantineProvider>,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  canExport = true;
});

describe('PackageExportButton', () => {
  it('is hidden from a role the policy refuses', () => {
    canExport = false;
    renderButton();
    expect(screen.queryByTestId('package-export')).toBeNull();
  });

  it('streams the package, counting bytes against Content-Length, and saves it under its name', async () => {
    const urls: string[] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(new Uint8Array(1048576));
        await held;
        controller.enqueue(new Uint8Array(1048576));
        controller.close();
      },
    });
    vi.stubGlobal('fetch', async (url: string) => {
      urls.push(url);
      return new Response(body, {
        status: 200,
        headers: {
          'content-length': String(2 * 1048576),
          'content-disposition': `attachment; filename="p.zip"; filename*=UTF-8''evidence-package-acme.zip`,
        },
      });
    });
    const saved: Blob[] = [];
    vi.stubGlobal(
      'URL',
      class extends URL {
        static override createObjectURL(b: Blob): string {
          saved.push(b);
          return 'blob:x';
        }
        static override revokeObjectURL(): void {}
      },
    );
    renderButton({ controlCode: 'AC-01' });
    fireEvent.click(screen.getByRole('button', { name: 'Export package' }));
    await waitFor(() => expect(screen.getByText('1.0 MiB of 2.0 MiB')).toBeTruthy());
    release();
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toContain('evidence-package-acme.zip (2.0 MiB)'),
    );
    expect(urls).toEqual(['/api/v1/orgs/acme/engagements/e1/package?control=AC-01']);
    expect(saved[0]?.size).toBe(2 * 1048576);
  });

  it("shows the server's reason when the package is refused", async () => {
    canExport = 'engagement';
    vi.stubGlobal(
      'fetch',
      async () =>
        new Response(JSON.stringify({ error: { code: 'not_found', message: 'request PBC-9 not found' } }), {
          status: 404,
          headers: { 'content-type': 'application/json' },
        }),
    );
    renderButton({ requestId: 'PBC-9' });
    fireEvent.click(screen.getByRole('button', { name: 'Export package' }));
    await waitFor(() => expect(screen.getByText('request PBC-9 not found')).toBeTruthy());
  });
});

describe('package download helpers', () => {
  it('reads the UTF-8 file name first, then the ASCII one', () => {
    expect(fileNameOf(`attachment; filename="a_b.zip"; filename*=UTF-8''a%C3%A9b.zip`, 'x')).toBe('aéb.zip');
    expect(fileNameOf('attachment; filename="a.zip"', 'x')).toBe('a.zip');
    expect(fileNameOf(null, 'x')).toBe('x');
    expect(packageUrl({ org: 'a b', engagementId: 'e1', requestId: 'PBC 1' })).toBe(
      '/api/v1/orgs/a%20b/engagements/e1/package?request=PBC+1',
    );
  });
});
