import { MantineProvider } from '@mantine/core';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Change, Release } from './queries';
import { ReleaseCard } from './ReleaseCard';

const change = (over: Partial<Change>): Change => ({
  id: 'c1',
  repository: 'acme/api',
  kind: 'pull',
  ref: '1',
  label: 'acme/api#1',
  title: 'Add refunds',
  author: 'alice',
  occurredAt: '2026-10-01T06:00:00.000Z',
  sha: 'a'.repeat(40),
  emergency: false,
  approval: 'approved',
  approvers: ['bob'],
  checks: 'passed',
  releaseId: 'r1',
  findings: [],
  ...over,
});
const release = (over: Partial<Release>): Release => ({
  id: 'r1',
  repository: 'acme/api',
  label: 'acme/api deployment 7 (aaaaaaa)',
  source: 'deployment',
  externalId: '7',
  environment: 'production',
  sha: 'a'.repeat(40),
  deployedAt: '2026-10-01T09:00:00.000Z',
  name: null,
  emptyReason: null,
  changes: [],
  findings: [],
  ...over,
});

afterEach(cleanup);

describe('ReleaseCard', () => {
  it('shows each change with its approval and checks, and names the rule of a violation', () => {
    render(
      <MantineProvider>
        <ReleaseCard
          release={release({
            changes: [
              change({}),
              change({
                id: 'c2',
                label: 'acme/api#2',
                approval: 'self-approved',
                approvers: [],
                findings: [
                  {
                    findingId: 'f1',
                    rule: 'change-self-approved',
                    title: 'Change approved only by its author: acme/api#2',
                    severity: 'high',
                    message: null,
                    openedOn: '2026-10-02',
                    resolvedOn: null,
                  },
                ],
              }),
            ],
          })}
        />
      </MantineProvider>,
    );
    expect(screen.getByText('approved by bob')).toBeTruthy();
    expect(screen.getByText('self-approved')).toBeTruthy();
    expect(screen.getByText('change-self-approved')).toBeTruthy();
    expect(screen.getByText('2 changes')).toBeTruthy();
  });

  it('says why a release has no change', () => {
    render(
      <MantineProvider>
        <ReleaseCard release={release({ emptyReason: 'it deploys the same commit aaaaaaa' })} />
      </MantineProvider>,
    );
    expect(screen.getByText(/No change: it deploys the same commit aaaaaaa/)).toBeTruthy();
  });
});
