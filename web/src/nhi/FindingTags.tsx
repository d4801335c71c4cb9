import { Badge, Group } from '@mantine/core';
import { cisLabel } from './nhi';
import type { NhiFinding } from './types';

/** The framework tags of a rule finding: OWASP NHI Top 10 ids, CIS controls (benchmark, version, control), SOC 2 criteria. */
export function FindingTags({ finding }: { finding: Pick<NhiFinding, 'owasp' | 'cis' | 'soc2'> }) {
  return (
    <Group gap={4} data-testid="finding-tags">
      {finding.owasp.map((id) => (
        <Badge
          key={id}
          variant="light"
          color="#5f3dc4"
          tt="none"
          data-tag="owasp"
          title="OWASP Non-Human Identities Top 10 (2025)"
        >
          OWASP {id}
        </Badge>
      ))}
      {finding.cis.map((c) => (
        <Badge
          key={`${c.benchmark}-${c.version}-${c.control}`}
          variant="light"
          color="#0b7285"
          data-tag="cis"
          tt="none"
          title={`${c.benchmark}, version ${c.version}, control ${c.control}`}
        >
          {cisLabel(c)}
        </Badge>
      ))}
      {finding.soc2.map((code) => (
        <Badge key={code} variant="light" color="#343a40" tt="none" data-tag="soc2" title="SOC 2 criterion">
          SOC 2 {code}
        </Badge>
      ))}
    </Group>
  );
}
