import { Button, Center, Code, Drawer, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { localDateTime } from '../components/days';
import { AnchorLink } from '../components/links';
import { CLOSE_BUTTON } from '../components/tones';
import { changeSummary, type SubjectLookup, subjectOf, typeWord } from './activity';
import type { ActivityEntry } from './queries';

const ROW_HEIGHT = 44;

interface Props {
  org: string;
  entries: ActivityEntry[];
  lookup: SubjectLookup;
  /** Entries where the chain breaks (marked red). */
  broken: Set<number>;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  onOnlyRecord: (recordType: string, recordId: string) => void;
  empty: string;
}

function EntryDetails({
  org,
  entry,
  lookup,
  onOnlyRecord,
}: {
  org: string;
  entry: ActivityEntry;
  lookup: SubjectLookup;
  onOnlyRecord: Props['onOnlyRecord'];
}) {
  const subject = subjectOf(entry, lookup);
  return (
    <Stack gap="xs">
      <Table fz="sm" verticalSpacing={2}>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w={110}>Entry</Table.Th>
            <Table.Td>#{entry.seq}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Time</Table.Th>
            <Table.Td>
              {localDateTime(entry.at)} ({entry.at})
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Actor</Table.Th>
            <Table.Td>
              {entry.actor.label} ({entry.actor.type})
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Action</Table.Th>
            <Table.Td>{entry.action}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>Subject</Table.Th>
            <Table.Td>
              {subject.controlCode ? (
                <AnchorLink to="/o/$org/controls/$code" params={{ org, code: subject.controlCode }}>
                  {subject.label}
                </AnchorLink>
              ) : (
                subject.label
              )}
              <Text size="xs" c="gray.7" ff="monospace">
                {entry.recordType} {entry.recordId}
              </Text>
            </Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>SHA-256</Table.Th>
            <Table.Td ff="monospace" style={{ wordBreak: 'break-all' }}>
              {entry.hash}
            </Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      <Text size="sm" fw={600}>
        Change
      </Text>
      <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
        {JSON.stringify(entry.change, null, 2)}
      </Code>
      <Button variant="default" onClick={() => onOnlyRecord(entry.recordType, entry.recordId)}>
        Show only the history of this {typeWord(entry.recordType)}
      </Button>
    </Stack>
  );
}

/** The log, newest first, virtualized; the next page loads when the end comes into view (or on "Load more"). */
export function ActivityTable({
  org,
  entries,
  lookup,
  broken,
  hasMore,
  loadingMore,
  onLoadMore,
  onOnlyRecord,
  empty,
}: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState<ActivityEntry | null>(null);
  const virtual = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: { width: 1200, height: 600 },
  });
  const items = virtual.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= entries.length - 20) onLoadMore();
  }, [hasMore, loadingMore, lastIndex, entries.length, onLoadMore]);
  const top = items[0]?.start ?? 0;
  const bottom = virtual.getTotalSize() - (items.at(-1)?.end ?? 0);
  const cell = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } as const;
  return (
    <>
      <div ref={scroller} style={{ height: 'calc(100vh - 380px)', minHeight: 300, overflow: 'auto' }}>
        <Table stickyHeader fz="sm" highlightOnHover layout="fixed" aria-rowcount={entries.length}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="7%">Entry</Table.Th>
              <Table.Th w="13%">Time</Table.Th>
              <Table.Th w="16%">Actor</Table.Th>
              <Table.Th w="11%">Action</Table.Th>
              <Table.Th w="25%">Subject</Table.Th>
              <Table.Th w="28%">Change</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {top > 0 ? <tr style={{ height: top }} aria-hidden /> : null}
            {items.map((item) => {
              const e = entries[item.index]!;
              const subject = subjectOf(e, lookup);
              const isBroken = broken.has(e.seq);
              return (
                <Table.Tr
                  key={e.id}
                  h={ROW_HEIGHT}
                  data-seq={e.seq}
                  data-broken={isBroken || undefined}
                  bg={isBroken ? 'red.1' : undefined}
                >
                  <Table.Td>
                    <UnstyledButton
                      onClick={() => setOpen(e)}
                      fz="sm"
                      td="underline"
                      c="indigo.8"
                      aria-label={`#${e.seq}: details of the entry`}
                    >
                      #{e.seq}
                    </UnstyledButton>
                  </Table.Td>
                  <Table.Td style={cell} title={e.at}>
                    {localDateTime(e.at)}
                  </Table.Td>
                  <Table.Td style={cell} title={`${e.actor.label} (${e.actor.type})`}>
                    {e.actor.label}
                  </Table.Td>
                  <Table.Td style={cell}>{e.action}</Table.Td>
                  <Table.Td style={cell} title={subject.label}>
                    {subject.controlCode ? (
                      <AnchorLink to="/o/$org/controls/$code" params={{ org, code: subject.controlCode }}>
                        {subject.label}
                      </AnchorLink>
                    ) : (
                      subject.label
                    )}
                  </Table.Td>
                  <Table.Td style={cell} title={changeSummary(e.change, 1000)}>
                    <Text size="xs" c="gray.7" ff="monospace" style={cell}>
                      {changeSummary(e.change)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              );
            })}
            {bottom > 0 ? <tr style={{ height: bottom }} aria-hidden /> : null}
          </Table.Tbody>
        </Table>
        {entries.length === 0 ? (
          <Text c="gray.7" p="md">
            {empty}
          </Text>
        ) : (
          <Center p="sm">
            {hasMore ? (
              <Button variant="default" size="xs" loading={loadingMore} onClick={onLoadMore}>
                Load more
              </Button>
            ) : (
              <Text size="sm" c="gray.7">
                {entries.length === 1
                  ? 'The only entry'
                  : `All ${entries.length.toLocaleString('en-US')} entries`}{' '}
                shown.
              </Text>
            )}
          </Center>
        )}
      </div>
      <Drawer
        {...CLOSE_BUTTON}
        opened={open !== null}
        onClose={() => setOpen(null)}
        position="right"
        size="lg"
        title={open ? `Entry #${open.seq}` : ''}
      >
        {open ? (
          <EntryDetails
            org={org}
            entry={open}
            lookup={lookup}
            onOnlyRecord={(t, id) => {
              setOpen(null);
              onOnlyRecord(t, id);
            }}
          />
        ) : null}
      </Drawer>
    </>
  );
}
