import { Alert, Button, Code, Group, Select, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { api, orgPath } from '../api/client';
import type { Person, Role } from '../api/types';
import { ErrorNote } from '../components/ErrorNote';
import { useAction } from '../components/useAction';
import { type AddedMember, ROLE_INFO, setupLink } from './members';

/**
 * Adds a member with a role. A new user gets a one-time setup link to choose
 * their password: it is shown here once and never again (like a token secret).
 */
export function AddMember({ org, people, onAdded }: { org: string; people: Person[]; onAdded: () => void }) {
  const [form, setForm] = useState({
    name: '',
    email: '',
    role: 'viewer' as Role,
    personId: null as string | null,
  });
  const [added, setAdded] = useState<AddedMember | null>(null);
  const { busy, error, run } = useAction(async () => {
    const result = await api<AddedMember>(orgPath(org, '/members'), {
      method: 'POST',
      body: {
        name: form.name.trim(),
        email: form.email.trim(),
        role: form.role,
        ...(form.personId ? { personId: form.personId } : {}),
      },
    });
    setAdded(result);
    setForm({ name: '', email: '', role: form.role, personId: null });
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
      <form onSubmit={submit} aria-label="Add a member">
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
          <Button type="submit" loading={busy} disabled={!form.name.trim() || !form.email.trim()}>
            Add member
          </Button>
        </Group>
      </form>
      <Text size="xs" c="gray.7" mt={4}>
        {ROLE_INFO.find((r) => r.value === form.role)?.label}:{' '}
        {ROLE_INFO.find((r) => r.value === form.role)?.can}. Without a roster person, the member is linked to
        the roster entry with the same e-mail, if any.
      </Text>
      {error ? <ErrorNote title="Could not add the member" error={error} /> : null}
      {added ? (
        <Alert
          mt="sm"
          color="dark"
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setAdded(null)}
          title={
            added.setupToken
              ? `Send ${added.member.name} this link now: it will not be shown again`
              : `${added.member.name} is now a member`
          }
        >
          {added.setupToken ? (
            <>
              <Text size="sm" mb={4}>
                It lets {added.member.email} choose a password once and expires in 72 hours.
              </Text>
              <Code block data-testid="member-setup-link">
                {setupLink(window.location.origin, added.setupToken)}
              </Code>
            </>
          ) : (
            <Text size="sm">
              {added.member.email} already has an account: they sign in with their own password, now as{' '}
              {ROLE_INFO.find((r) => r.value === added.member.role)?.label.toLowerCase()}.
            </Text>
          )}
        </Alert>
      ) : null}
    </>
  );
}
