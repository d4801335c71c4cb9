import { Anchor, type AnchorProps, Stack, Table, Text } from '@mantine/core';
import { createLink } from '@tanstack/react-router';
import { type AnchorHTMLAttributes, forwardRef } from 'react';
import { AnchorLink } from '../components/links';
import { RiskBadge } from '../components/RiskBadge';
import { FindingTags } from './FindingTags';
import { providerLabel } from './nhi';
import type { NhiFinding } from './types';

// Links inside a line of text are underlined, not told apart by colour alone.
const UnderlinedAnchor = forwardRef<
  HTMLAnchorElement,
  AnchorProps & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'color' | 'style'>
>((props, ref) => <Anchor ref={ref} underline="always" size="xs" {...props} />);
const UnderlinedLink = createLink(UnderlinedAnchor);

/**
 * Rule findings: severity, the rule in plain words with what to do, the
 * identity (linked, unless `showIdentity` is off on the identity's own page),
 * the OWASP NHI Top 10 / CIS / SOC 2 tags and the NHI controls it counts against.
 */
export function NhiFindingList({
  org,
  findings,
  showIdentity = true,
}: {
  org: string;
  findings: NhiFinding[];
  showIdentity?: boolean;
}) {
  return (
    <Table fz="sm" verticalSpacing="xs" layout="fixed" data-testid="nhi-findings">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={90}>Severity</Table.Th>
          <Table.Th w={showIdentity ? '36%' : '48%'}>Finding</Table.Th>
          {showIdentity ? <Table.Th w="18%">Identity</Table.Th> : null}
          <Table.Th>Frameworks</Table.Th>
          <Table.Th w={120}>Status</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {findings.map((f) => (
          <Table.Tr key={f.findingId} data-rule={f.rule} data-finding={f.findingId}>
            <Table.Td>
              <RiskBadge risk={f.severity} />
            </Table.Td>
            <Table.Td>
              <Stack gap={2}>
                <Text size="sm" fw={600}>
                  {f.ruleTitle}
                </Text>
                {f.message ? (
                  <Text size="xs" c="gray.7">
                    {f.message}
                  </Text>
                ) : null}
              </Stack>
            </Table.Td>
            {showIdentity ? (
              <Table.Td style={{ overflowWrap: 'anywhere' }}>
                <AnchorLink to="/o/$org/nhi/$nhiId" params={{ org, nhiId: f.nhi.id }}>
                  {f.nhi.name}
                </AnchorLink>
                <Text size="xs" c="gray.7">
                  {f.nhi.kind} · {providerLabel(f.nhi.provider)}
                </Text>
              </Table.Td>
            ) : null}
            <Table.Td>
              <FindingTags finding={f} />
              {f.controls.length > 0 ? (
                <Text size="xs" c="gray.7" mt={4}>
                  Controls:{' '}
                  {f.controls.map((code, i) => (
                    <span key={code}>
                      {i > 0 ? ', ' : ''}
                      <UnderlinedLink to="/o/$org/controls/$code" params={{ org, code }}>
                        {code}
                      </UnderlinedLink>
                    </span>
                  ))}
                </Text>
              ) : null}
            </Table.Td>
            <Table.Td>
              <Text size="sm">{f.resolvedOn ? `Resolved ${f.resolvedOn}` : `Open since ${f.openedOn}`}</Text>
              {f.resolution ? (
                <Text size="xs" c="gray.7">
                  {f.resolution}
                </Text>
              ) : null}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
