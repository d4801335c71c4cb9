import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Person } from '../api/types';
import { EngagementForm } from './EngagementForm';
import { formOf } from './engagement-form';

const people: Person[] = [
  { id: 'p1', email: 'maya@acme.example', name: 'Maya Chen', status: 'active', team: null },
];

function renderForm(onDone: () => void) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <MantineProvider>
      <QueryClientProvider client={client}>
        <EngagementForm
          org="acme"
          engagement={null}
          initial={formOf(null, people, 'p1')}
          people={people}
          onDone={onDone}
        />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

/** Answers POST /engagements with `status` and `body`, recording what was sent. */
function stubCreate(status: number, body: unknown) {
  const sent: unknown[] = [];
  vi.stubGlobal('fetch', async (url: string, init: { method?: string; body?: string } = {}) => {
    if (init.method === 'POST' && url === '/api/v1/orgs/acme/engagements') sent.push(JSON.parse(init.body!));
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  return sent;
}

const type = (label: RegExp, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('EngagementForm (no engagement yet)', () => {
  it('says what is missing, then creates a Type II engagement with security implied', async () => {
    const sent = stubCreate(201, { id: 'e1' });
    const onDone = vi.fn();
    renderForm(onDone);
    const create = screen.getByRole('button', { name: 'Create engagement' });
    expect(create.hasAttribute('disabled')).toBe(true);
    expect(
      screen.getByText(/Still needed: the window start, the window end, the fieldwork start/),
    ).toBeTruthy();

    type(/^Window start/, '2027-01-13');
    type(/^Window end/, '2027-07-12');
    type(/^Fieldwork start/, '2027-07-26');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Availability' }));
    type(/^Audit firm/, 'Calloway & Finch');
    expect((screen.getByRole('checkbox', { name: 'Security' }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(create);

    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(sent).toEqual([
      {
        type: 'type2',
        auditDate: null,
        windowStart: '2027-01-13',
        windowEnd: '2027-07-12',
        fieldworkStart: '2027-07-26',
        reportDue: null,
        categories: ['availability'],
        firmName: 'Calloway & Finch',
        leadEmail: 'maya@acme.example',
        milestoneOffsets: {},
      },
    ]);
  });

  it("shows the API's refusal in words and stays open", async () => {
    stubCreate(400, {
      error: { code: 'invalid_input', message: 'windowEnd: the window must end after it starts' },
    });
    const onDone = vi.fn();
    renderForm(onDone);
    fireEvent.click(screen.getByRole('radio', { name: /^Type I:/ }));
    type(/^Audit date/, '2027-06-30');
    type(/^Fieldwork start/, '2027-07-26');
    fireEvent.click(screen.getByRole('button', { name: 'Create engagement' }));
    expect(await screen.findByText('windowEnd: the window must end after it starts')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('Could not save the engagement');
    expect(onDone).not.toHaveBeenCalled();
  });
});
