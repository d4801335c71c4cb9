import { ActionIcon, Badge, Group, Table, Text, TextInput } from '@mantine/core';
import type { ControlStatus } from '@server/core/vocabulary';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { CONTROL_STATUSES } from '../../../src/core/vocabulary';
import { api, orgPath } from '../api/client';
import type { ControlDetail, Person } from '../api/types';
import { ErrorNote } from '../components/ErrorNote';
import { AnchorLink } from '../components/links';
import { TONE } from '../components/tones';
import { InlineSelect } from './InlineSelect';
import { CADENCES } from './matrix';

const CADENCE_OPTIONS = CADENCES.map((c) => ({ value: c, label: c }));
const STATUS_OPTIONS = CONTROL_STATUSES.map((s) => ({ value: s, label: s }));

/** What the control page lets the signed-in member change. */
export interface ControlEditRights {
  /** Owner and backup (leads: PUT …/owner). */
  assign: boolean;
  /** Cadence, source of truth, implementation status (PATCH: leads, or the control's owner as a contributor). */
  update: boolean;
}

/** The edit rights of a member on one control, from the session's capabilities. */
export function editRights(
  can: { assign?: boolean | 'own' | 'engagement'; update?: boolean | 'own' | 'engagement' } | undefined,
  personId: string | null | undefined,
  control: Pick<ControlDetail, 'owner'>,
): ControlEditRights {
  return {
    assign: can?.assign === true,
    update: can?.update === true || (can?.update === 'own' && !!personId && control.owner?.id === personId),
  };
}

/** A person's name with a marker when they are no longer active. */
function Who({ person }: { person: ControlDetail['owner'] }) {
  if (!person) return <>—</>;
  return (
    <>
      {person.name}
      {person.status !== 'active' ? (
        <Badge ml={4} size="xs" color={TONE.danger} variant="light" data-owner-departed>
          {person.status}
        </Badge>
      ) : null}
    </>
  );
}

/** The source of truth as text with a pencil; editing is a text field saved on Enter or blur, Escape cancels. */
function SourceOfTruth({
  value,
  editable,
  onSave,
}: {
  value: string | null;
  editable: boolean;
  onSave: (next: string | null) => void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  if (draft !== null)
    return (
      <TextInput
        size="xs"
        aria-label="Change the source of truth"
        autoFocus
        value={draft}
        maxLength={200}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setDraft(null);
          if (e.key === 'Enter') e.currentTarget.blur();
        }}
        onBlur={() => {
          const next = draft.trim() || null;
          setDraft(null);
          if (next !== value) onSave(next);
        }}
      />
    );
  return (
    <Group gap={4} wrap="nowrap">
      <span>{value ?? '—'}</span>
      {editable ? (
        <ActionIcon
          variant="subtle"
          color="gray.7"
          size="sm"
          aria-label="Change the source of truth"
          onClick={() => setDraft(value ?? '')}
        >
          ✎
        </ActionIcon>
      ) : null}
    </Group>
  );
}

/**
 * The control's owner, backup, source of truth, cadence and implementation status, each editable in place
 * for those allowed (the same API as the matrix: owner and backup through `PUT …/owner`, the rest through
 * `PATCH`). A departed owner or backup is marked; the server's refusal is shown in its words.
 */
export function ControlFacts({
  org,
  control: c,
  people,
  rights,
}: {
  org: string;
  control: ControlDetail;
  people: Person[];
  rights: ControlEditRights;
}) {
  const queryClient = useQueryClient();
  const path = orgPath(org, `/controls/${encodeURIComponent(c.code)}`);
  const save = useMutation({
    mutationFn: async (change: {
      owner?: string;
      backup?: string | null;
      patch?: Record<string, unknown>;
    }) => {
      if (change.patch) await api(path, { method: 'PATCH', body: change.patch });
      else
        await api(`${path}/owner`, {
          method: 'PUT',
          body: {
            ownerEmail: change.owner ?? c.owner?.email,
            ...(change.backup !== undefined ? { backupOwnerEmail: change.backup } : {}),
          },
        });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: [org] }),
  });
  const active = people.filter((p) => p.status === 'active').map((p) => ({ value: p.email, label: p.name }));
  const ownerActive = c.owner?.status === 'active';
  return (
    <>
      {save.error ? <ErrorNote title="Could not save" error={save.error} /> : null}
      <Table fz="sm" verticalSpacing={2} data-control-facts>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th>Owner</Table.Th>
            <Table.Td data-owner>
              <InlineSelect
                label={`owner of ${c.code}`}
                value={c.owner?.email ?? null}
                data={active}
                searchable
                editable={rights.assign}
                onChange={(email) => save.mutate({ owner: email })}
              >
                {c.owner ? (
                  <Text size="sm" component="span" c={ownerActive ? undefined : 'red.9'}>
                    <Who person={c.owner} />
                  </Text>
                ) : (
                  <Text size="sm" component="span" c="red.9">
                    Unowned
                  </Text>
                )}
              </InlineSelect>
              {!ownerActive ? (
                <Text size="xs" c="red.9" data-needs-owner>
                  {c.owner ? `${c.owner.name} has ${c.owner.status}: ` : ''}
                  {rights.assign ? (
                    'pick a new owner with the pencil.'
                  ) : (
                    <>
                      ask a lead to assign one (
                      <AnchorLink to="/o/$org/controls" params={{ org }} search={{}}>
                        matrix
                      </AnchorLink>
                      ).
                    </>
                  )}
                </Text>
              ) : null}
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Backup</Table.Th>
            <Table.Td data-backup>
              <InlineSelect
                label={`backup owner of ${c.code}`}
                value={c.backupOwner?.email ?? null}
                data={[{ value: '__none', label: 'No backup' }, ...active]}
                searchable
                // The owner route sets both: a backup needs an active owner to keep.
                editable={rights.assign && ownerActive}
                onChange={(email) => save.mutate({ backup: email === '__none' ? null : email })}
              >
                <Who person={c.backupOwner} />
              </InlineSelect>
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Source of truth</Table.Th>
            <Table.Td>
              <SourceOfTruth
                value={c.sourceOfTruth}
                editable={rights.update}
                onSave={(next) => save.mutate({ patch: { sourceOfTruth: next } })}
              />
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Cadence</Table.Th>
            <Table.Td>
              <InlineSelect
                label={`cadence of ${c.code}`}
                value={c.cadence}
                data={CADENCE_OPTIONS}
                editable={rights.update}
                onChange={(cadence) => save.mutate({ patch: { cadence } })}
              >
                {c.cadence}
              </InlineSelect>
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Implementation</Table.Th>
            <Table.Td>
              <InlineSelect
                label={`implementation status of ${c.code}`}
                value={c.status}
                data={STATUS_OPTIONS}
                editable={rights.update}
                onChange={(status) => save.mutate({ patch: { status: status as ControlStatus } })}
              >
                {c.status}
              </InlineSelect>
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </>
  );
}
