import { Alert, Button, Code, Group, Select, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, orgPath } from '../api/client';
import type { Engagement, Page, Person, Role } from '../api/types';
import { ErrorNote } from '../components/ErrorNote';
import { useAction } from '../components/useAction';
import { type IssuedInvitation, inviteLink, ROLE_INFO } from './members';

/**
 * Invites an e-mail address with a role. The answer is the same whether the
 * address already has an account or not: a one-time invitation link, shown
 * here once and never again (like a token secret), that the person opens to
 * join (choosing a password if they are new, signing in if not).
 */
export function AddMember({ org, people, onAdded }: { org: string; people: Person[]; onAdded: () => void }) {
  const [form, setForm] = useState({
    name: '',
    email: '',
    role: 'viewer' as Role,
    personId: null as string | null,
    engagementId: null as string | null,
  });
  // An auditor is scoped to one engagement of the organization (docs/decisions/0022).
  const engagements = useQuery({
    queryKey: [org, 'engagements'],
    queryFn: async () => (await api<Page<Engagement>>(orgPath(org, '/engagements?limit=500'))).items,
    enabled: form.role === 'auditor',
  });
  const [added, setAdded] = useState<IssuedInvitation | null>(null);
  const { busy, error, run } = useAction(async () => {
    const result = await api<IssuedInvitation>(orgPath(org, '/members'), {
      method: 'POST',
      body: {
        name: form.name.trim(),
        email: form.email.trim(),
        role: form.role,
        ...(form.personId ? { personId: form.personId } : {}),
        ...(form.role === 'auditor' && form.engagementId ? { engagementId: form.engagementId } : {}),
      },
    });
    setAdded(result);
    setForm({ name: '', email: '', role: form.role, personId: null, engagementId: form.engagementId });
    onAdded();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run();
  };
  // Picking a roster person fills in the name and e-mail they are known by.
  const pickPerson = (id: string | null) => {
    const p = people.find((x) => x.id === id);
    setForm((f) => (p ? { ...f, personId: p.id, name: p.name, email: p.email } : { ...f, personId: null }));
  };
  return (
    <>
      <form onSubmit={submit} aria-label="Invite a member">
        <Group align="end" gap="sm">
          <Select
            label="Roster person"
            placeholder="Pick from the roster"
            searchable
            clearable
            data={people.filter((p) => p.status === 'active').map((p) => ({ value: p.id, label: p.name }))}
            value={form.personId}
            onChange={pickPerson}
            w={220}
          />
          <TextInput
            label="Member name"
            required
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
          />
          <TextInput
            label="Member e-mail"
            type="email"
            required
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
          />
          <Select
            label="Member role"
            allowDeselect={false}
            data={ROLE_INFO.map((r) => ({ value: r.value, label: r.label }))}
            value={form.role}
            onChange={(r) => r && setForm({ ...form, role: r as Role })}
            w={170}
          />
          {form.role === 'auditor' ? (
            <Select
              label="Engagement"
              placeholder="The engagement they audit"
              required
              allowDeselect={false}
              data={(engagements.data ?? []).map((e) => ({
                value: e.id,
                label:
                  e.type === 'type1'
                    ? `Type I on ${e.auditDate}${e.firmName ? ` (${e.firmName})` : ''}`
                    : `Type II ${e.windowStart} to ${e.windowEnd}${e.firmName ? ` (${e.firmName})` : ''}`,
              }))}
              value={form.engagementId}
              onChange={(id) => setForm({ ...form, engagementId: id })}
              w={260}
            />
          ) : null}
          <Button
            type="submit"
            loading={busy}
            disabled={
              !form.name.trim() || !form.email.trim() || (form.role === 'auditor' && !form.engagementId)
            }
          >
            Invite member
          </Button>
        </Group>
      </form>
      <Text size="xs" c="gray.7" mt={4}>
        {ROLE_INFO.find((r) => r.value === form.role)?.label}:{' '}
        {ROLE_INFO.find((r) => r.value === form.role)?.can}. Without a roster person, the member is linked to
        the roster entry with the same e-mail, if any.
      </Text>
      {error ? <ErrorNote title="Could not invite the member" error={error} /> : null}
      {added ? (
        <Alert
          mt="sm"
          color="dark"
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setAdded(null)}
          title={`Send ${added.invitation.name} this invitation link now: it will not be shown again`}
        >
          <Text size="sm" mb={4}>
            It lets {added.invitation.email} join as{' '}
            {ROLE_INFO.find((r) => r.value === added.invitation.role)?.label.toLowerCase()} once, and expires
            in 72 hours. Someone new chooses a password with it; someone with an account signs in with their
            own password to accept.
          </Text>
          <Code block data-testid="member-invite-link">
            {inviteLink(window.location.origin, added.inviteToken)}
          </Code>
        </Alert>
      ) : null}
    </>
  );
}
