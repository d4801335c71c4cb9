import { MantineProvider, Table } from '@mantine/core';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionRow, connectionInput } from './GithubConnections';

afterEach(cleanup);

const base = {
  id: 'c1',
  account: 'acme',
  apiUrl: 'https://api.github.com',
  repositories: null,
  enabled: true,
  tokenConfigured: true,
  credentialKind: 'token' as const,
  app: null,
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
};

const row = (c: Parameters<typeof ConnectionRow>[0]['c'], onRemove: ((a: string) => void) | null = null) =>
  render(
    <MantineProvider>
      <Table>
        <Table.Tbody>
          <ConnectionRow c={c} onRemove={onRemove} />
        </Table.Tbody>
      </Table>
    </MantineProvider>,
  );

describe('a GitHub connection row', () => {
  it('shows a partial collection with its counts and each refused unit', () => {
    row({
      ...base,
      lastRun: {
        at: '2026-12-07T07:03:00.000Z',
        status: 'partial',
        detail: {
          imports: [{ unit: 'acme/app changes', status: 'imported', records: 30 }],
          problems: [{ unit: 'acme/locked changes', status: 403, message: 'Resource not accessible' }],
          stats: { requests: 120, rateLimitWaits: 1 },
        },
      },
    });
    expect(screen.getByText('partial')).toBeTruthy();
    expect(screen.getByText(/1 imports, 120 requests, 1 rate-limit waits/)).toBeTruthy();
    expect(screen.getByText('acme/locked changes: 403 Resource not accessible')).toBeTruthy();
    expect(screen.getByText('every repository not archived')).toBeTruthy();
    // Only admins get the button.
    expect(screen.queryByRole('button', { name: 'Disconnect' })).toBeNull();
  });

  it('shows a failed collection’s error, and a connection never collected', () => {
    row({
      ...base,
      lastRun: { at: '2026-12-07T07:03:00.000Z', status: 'failed', detail: { error: 'GitHub answered 500' } },
    });
    expect(screen.getByText('GitHub answered 500')).toBeTruthy();
    cleanup();
    row({ ...base, repositories: ['app', 'api'], lastRun: null }, () => {});
    expect(screen.getByText('not collected yet')).toBeTruthy();
    expect(screen.getByText('app, api')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Disconnect' })).toBeTruthy();
  });

  it('names the credential kind: a token, or the GitHub App and its installation (never the key)', () => {
    row({ ...base, lastRun: null });
    expect(screen.getByTestId('github-credential').textContent).toBe('personal access token');
    cleanup();
    row({
      ...base,
      credentialKind: 'app',
      app: { appId: '913442', installationId: '58210077' },
      lastRun: null,
    });
    expect(screen.getByTestId('github-credential').textContent).toBe(
      'GitHub App 913442, installation 58210077',
    );
  });
});

describe('the connection form’s input', () => {
  const fields = {
    apiUrl: ' ',
    repositories: 'app, api',
    kind: 'token' as const,
    token: '',
    appId: '',
    installationId: '',
    privateKey: '',
  };
  it('sends the token, or the App credential, only when given (empty keeps the stored one)', () => {
    expect(connectionInput(fields)).toEqual({ repositories: ['app', 'api'] });
    expect(connectionInput({ ...fields, repositories: '', token: 'github_pat_x' })).toEqual({
      repositories: null,
      token: 'github_pat_x',
    });
    expect(
      connectionInput({
        ...fields,
        kind: 'app',
        token: 'left over',
        appId: ' 42 ',
        installationId: '7',
        privateKey: '-----BEGIN RSA PRIVATE KEY-----\nk\n-----END RSA PRIVATE KEY-----\n',
      }),
    ).toEqual({
      repositories: ['app', 'api'],
      app: {
        appId: '42',
        installationId: '7',
        privateKey: '-----BEGIN RSA PRIVATE KEY-----\nk\n-----END RSA PRIVATE KEY-----',
      },
    });
    expect(connectionInput({ ...fields, kind: 'app' })).toEqual({ repositories: ['app', 'api'] });
  });
});
