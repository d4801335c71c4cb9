import {
  Anchor,
  Badge,
  Group,
  Pagination,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { Fragment, useMemo, useState } from 'react';
import { useMembership } from '../api/session';
import { ErrorNote } from '../components/ErrorNote';
import { Loading } from '../components/Loading';
import { AnchorLink } from '../components/links';
import { STATUS_COLOR, STATUS_LABEL, StatusBadge } from '../components/StatusBadge';
import { MapControl } from '../frameworks/MapControl';
import {
  type CriterionStatus,
  type FrameworkInfo,
  type RollupReadiness,
  useFrameworks,
  useRollupReadiness,
} from '../frameworks/queries';
import {
  CRITERION_FILTERS,
  type CriterionFilter,
  criterionRows,
  filterCriteria,
  matchesFilter,
  sectionsOf,
} from '../frameworks/rollup';

const PAGE = 40;

/** Short names for the tabs; the catalog's own name shows under them. */
const SHORT_NAME: Record<string, string> = {
  soc2: 'SOC 2',
  'nist-csf': 'NIST CSF 2.0',
  iso27001: 'ISO 27001 Annex A',
  'owasp-nhi': 'OWASP NHI Top 10',
  'nist-ai-rmf': 'NIST AI RMF',
};

const FILTER_LABEL: Record<CriterionFilter, string> = {
  all: 'All',
  gaps: 'Gaps and unmapped',
  unmapped: 'Unmapped',
  'at-risk': 'At risk',
  ready: 'Ready',
};

const TILES: CriterionStatus[] = ['gap', 'unmapped', 'at-risk', 'excepted', 'ready', 'not-applicable'];

/** A criterion's status in words: the control statuses, plus "Unmapped" (a gap nobody covers). */
function CriterionBadge({ status }: { status: CriterionStatus }) {
  if (status !== 'unmapped') return <StatusBadge status={status} />;
  return (
    <Badge color="red.9" variant="outline" data-status="unmapped">
      Unmapped
    </Badge>
  );
}

function statusLabel(s: CriterionStatus): string {
  return s === 'unmapped' ? 'Unmapped' : STATUS_LABEL[s];
}

/**
 * One framework at a time: every in-scope criterion (ID and our title, by
 * category or function) with its mapped controls and its roll-up status from
 * readiness; unmapped criteria stand out as gaps and leads can map a control.
 */
export function FrameworksPage() {
  const params = useParams({ strict: false }) as { org: string; framework?: string };
  const { org } = params;
  const search = useSearch({ strict: false }) as { show?: CriterionFilter };
  const navigate = useNavigate();
  const readiness = useRollupReadiness(org);
  const frameworks = useFrameworks(org);

  if (readiness.isPending || frameworks.isPending) return <Loading what="the frameworks" />;
  if (readiness.error) return <ErrorNote error={readiness.error} />;
  if (frameworks.error) return <ErrorNote error={frameworks.error} />;
  const list = frameworks.data;
  if (list.length === 0)
    return <Text c="gray.7">No framework catalog is installed: run `auditready init` to install them.</Text>;
  const active = list.find((f) => f.id === params.framework) ?? list[0]!;
  const show = search.show ?? 'all';

  return (
    <Stack>
      <Title order={2}>Frameworks</Title>
      <Tabs
        value={active.id}
        onChange={(id) =>
          id &&
          navigate({
            to: '/o/$org/frameworks/$framework',
            params: { org, framework: id },
            search: { show: search.show },
          })
        }
        keepMounted={false}
      >
        <Tabs.List>
          {list.map((f) => (
            <Tabs.Tab key={f.id} value={f.id}>
              {SHORT_NAME[f.id] ?? f.name}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {list.map((f) => (
          <Tabs.Panel key={f.id} value={f.id} pt="md">
            <FrameworkDetail
              key={f.id}
              org={org}
              framework={f}
              readiness={readiness.data}
              show={show}
              onShow={(next) =>
                navigate({
                  to: '/o/$org/frameworks/$framework',
                  params: { org, framework: f.id },
                  search: next === 'all' ? {} : { show: next },
                  replace: true,
                })
              }
            />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}

function FrameworkDetail({
  org,
  framework,
  readiness,
  show,
  onShow,
}: {
  org: string;
  framework: FrameworkInfo;
  readiness: RollupReadiness;
  show: CriterionFilter;
  onShow: (filter: CriterionFilter) => void;
}) {
  const membership = useMembership(org);
  const canMap = membership?.can.control.map === true;
  const [text, setText] = useState('');
  const [page, setPage] = useState(1);
  const rows = useMemo(() => criterionRows(readiness, framework.id), [readiness, framework.id]);
  const groups = useMemo(
    () => readiness.categories.filter((g) => g.frameworkId === framework.id),
    [readiness.categories, framework.id],
  );
  const shown = useMemo(() => filterCriteria(rows, show, text), [rows, show, text]);
  const controlOptions = useMemo(
    () => readiness.controls.map((c) => ({ value: c.code, label: `${c.code} ${c.title}` })),
    [readiness.controls],
  );
  const rollup = readiness.frameworks.find((f) => f.frameworkId === framework.id);
  const pages = Math.max(1, Math.ceil(shown.length / PAGE));
  const current = Math.min(page, pages);
  const sections = sectionsOf(shown.slice((current - 1) * PAGE, current * PAGE), groups);
  const outOfScope = framework.criteria - rows.length;
  const countOf = (f: CriterionFilter) => rows.filter((r) => matchesFilter(r.status, f)).length;

  return (
    <Stack gap="sm">
      <Text size="sm" c="gray.7">
        {framework.name} {framework.version}:{' '}
        {rollup?.score == null
          ? 'no criterion counts yet.'
          : `${Math.round(rollup.score * 100)}% of ${rows.length} criteria are satisfied (every mapped control ready or excepted).`}
        {outOfScope > 0
          ? ` ${outOfScope} of the catalog's ${framework.criteria} criteria are outside the engagement's scope and not shown.`
          : ''}
      </Text>
      <SimpleGrid cols={{ base: 3, lg: 6 }} spacing="sm">
        {TILES.map((s) => (
          <Paper
            key={s}
            withBorder
            p="xs"
            style={
              s === 'unmapped' && (rollup?.counts.unmapped ?? 0) > 0
                ? { borderColor: 'var(--mantine-color-red-8)', borderWidth: 2 }
                : undefined
            }
          >
            <Text size="xs" c="gray.7" tt="uppercase" fw={600}>
              {statusLabel(s)}
            </Text>
            <Text
              size="xl"
              fw={700}
              data-testid={`criteria-${s}`}
              c={s === 'unmapped' || s === 'not-applicable' ? undefined : STATUS_COLOR[s]}
            >
              {rollup?.counts[s] ?? 0}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      <Group align="end" gap="sm">
        <div>
          <Text size="sm" fw={500} mb={2} id={`show-${framework.id}`}>
            Show
          </Text>
          <SegmentedControl
            aria-labelledby={`show-${framework.id}`}
            value={show}
            onChange={(v) => {
              setPage(1);
              onShow(v as CriterionFilter);
            }}
            data={CRITERION_FILTERS.map((f) => ({ value: f, label: `${FILTER_LABEL[f]} (${countOf(f)})` }))}
          />
        </div>
        <TextInput
          label="Search criteria"
          placeholder="ID, title or control"
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setPage(1);
          }}
        />
      </Group>
      {shown.length === 0 ? (
        <Text c="gray.7" py="md">
          {show === 'unmapped' || show === 'gaps'
            ? `No ${show === 'unmapped' ? 'unmapped criterion' : 'gap'} here: every in-scope criterion of ${SHORT_NAME[framework.id] ?? framework.name} is covered.`
            : 'No criterion matches: pick "All" or clear the search.'}
        </Text>
      ) : (
        <Table fz="sm" verticalSpacing={6} layout="fixed" data-testid="criteria">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={120}>Criterion</Table.Th>
              <Table.Th>Title</Table.Th>
              <Table.Th w={110}>Status</Table.Th>
              <Table.Th w="42%">Mapped controls</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sections.map((section) => (
              <Fragment key={section.code}>
                <Table.Tr bg="gray.1">
                  <Table.Th colSpan={4}>
                    {section.parentTitle ? `${section.parentTitle} › ` : ''}
                    {section.code === section.title ? section.code : `${section.code} ${section.title}`}
                  </Table.Th>
                </Table.Tr>
                {section.rows.map((r) => (
                  <Table.Tr
                    key={r.code}
                    data-criterion={r.code}
                    data-status={r.status}
                    style={
                      r.status === 'unmapped'
                        ? {
                            background: 'var(--mantine-color-red-0)',
                            boxShadow: 'inset 4px 0 0 var(--mantine-color-red-8)',
                          }
                        : undefined
                    }
                  >
                    <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                      {r.code}
                    </Table.Td>
                    <Table.Td>{r.title}</Table.Td>
                    <Table.Td>
                      <CriterionBadge status={r.status} />
                    </Table.Td>
                    <Table.Td>
                      {r.controls.length === 0 ? (
                        <Stack gap={4} align="start">
                          <Text size="sm" c="red.9" fw={600}>
                            No control covers this criterion: a gap.
                          </Text>
                          {canMap ? (
                            <MapControl
                              org={org}
                              frameworkId={framework.id}
                              criterion={r.code}
                              controls={controlOptions}
                            />
                          ) : (
                            <Text size="xs" c="gray.7">
                              Ask a compliance lead to map one of your controls to it.
                            </Text>
                          )}
                        </Stack>
                      ) : (
                        <Group gap={6}>
                          {r.controls.map((c) => (
                            <span key={c.code} style={{ whiteSpace: 'nowrap' }}>
                              <AnchorLink to="/o/$org/controls/$code" params={{ org, code: c.code }}>
                                {c.code}
                              </AnchorLink>
                              {c.status === 'ready' ? null : (
                                <Text span size="xs" c={STATUS_COLOR[c.status]} ml={2}>
                                  ({STATUS_LABEL[c.status].toLowerCase()})
                                </Text>
                              )}
                            </span>
                          ))}
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Fragment>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {pages > 1 ? (
        <Pagination
          total={pages}
          value={current}
          onChange={setPage}
          getControlProps={(control) => ({ 'aria-label': `${control} page` })}
          getItemProps={(p) => ({ 'aria-label': `Page ${p} of ${pages}` })}
        />
      ) : null}
      <Text size="xs" c="gray.7">
        {framework.attribution}{' '}
        <Anchor href={framework.url} target="_blank" rel="noreferrer" size="xs" underline="always">
          Source
        </Anchor>
      </Text>
    </Stack>
  );
}
