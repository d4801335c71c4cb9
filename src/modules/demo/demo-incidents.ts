/**
 * The demo's incident register and IR test: ten months of incidents imported
 * from the tracker's CSV export, timelines and follow-up actions on the
 * serious ones, and last summer's tabletop exercise. Two violations: a
 * critical incident's follow-up (owned by the SRE lead) overdue for twelve
 * days, and a high incident detected twenty days ago with no root cause yet.
 */
import { Readable } from 'node:stream';
import { addDays, type IsoDate } from '../../core/dates.js';
import type { Actor } from '../../core/ledger/chain.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import { importIncidentRegister } from '../incidents/incident-import.service.js';
import { createIrTest } from '../incidents/incident-ir-test.service.js';
import { addFollowUp, addTimelineEntry, completeFollowUp } from '../incidents/incident-record.service.js';
import { roleHolderEmail } from './demo-people.js';

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Seeds the incident register, timelines, follow-ups and one IR test; returns how many incidents there are. */
export async function seedIncidents(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  today: IsoDate,
): Promise<number> {
  const sre = roleHolderEmail('SRE lead')!;
  const security = roleHolderEmail('Security lead')!;
  const day = (n: number) => addDays(today, -n);
  const rows: string[][] = [
    [
      'INC-101',
      'Status page stale during a DNS change',
      'low',
      'closed',
      day(290),
      '',
      day(290),
      sre,
      'The TTL was not lowered before the change',
      'None',
    ],
    [
      'INC-104',
      'Checkout API returned 5xx for 38 minutes',
      'high',
      'closed',
      `${day(210)}T14:02Z`,
      `${day(210)}T14:31Z`,
      `${day(210)}T14:40Z`,
      sre,
      'A database migration locked the orders table during peak traffic',
      'About 4% of checkout attempts failed; retries succeeded',
    ],
    [
      'INC-106',
      'Phishing e-mail reported by finance',
      'medium',
      'closed',
      day(160),
      day(160),
      day(159),
      security,
      'A look-alike domain passed the mail filter',
      'None: no credentials were entered',
    ],
    [
      'INC-107',
      'Production API key committed to a public repository',
      'critical',
      'resolved',
      `${day(45)}T09:12Z`,
      `${day(45)}T09:40Z`,
      `${day(44)}T11:00Z`,
      security,
      'Secret scanning was not enabled on repositories created from the old template',
      'None found: the key was revoked within 28 minutes and logs show no use',
    ],
    [
      'INC-110',
      'Search latency above 2 s for EU customers',
      'medium',
      'resolved',
      `${day(33)}T07:50Z`,
      `${day(33)}T09:05Z`,
      `${day(33)}T10:20Z`,
      sre,
      'A noisy neighbour on a shared search node',
      'Slow search for EU customers for two and a half hours',
    ],
    [
      'INC-112',
      'Customer data export job sent files to the wrong bucket',
      'high',
      'resolved',
      `${day(20)}T16:45Z`,
      `${day(20)}T17:30Z`,
      `${day(19)}T12:00Z`,
      sre,
      '',
      'Three customers’ exports were written to an internal bucket; no external access',
    ],
    [
      'INC-113',
      'Elevated login failures from one ASN',
      'medium',
      'contained',
      `${day(2)}T22:10Z`,
      `${day(2)}T23:00Z`,
      '',
      security,
      '',
      'None so far',
    ],
  ];
  const header =
    'external_id,title,severity,status,detected_at,contained_at,resolved_at,owner,root_cause,customer_impact';
  await importIncidentRegister(stores, actor, orgId, {
    file: 'incident-register.csv',
    input: Readable.from([`${header}\n${rows.map((r) => r.map(csvCell).join(',')).join('\n')}\n`]),
    at: today,
  });

  const at = { at: today };
  for (const [entryAt, entry] of [
    [`${day(45)}T09:12Z`, 'Secret scanning alert on a public repository; on-call paged'],
    [`${day(45)}T09:25Z`, 'Key identified as the payments sandbox-to-production bridge key'],
    [`${day(45)}T09:40Z`, 'Key revoked and rotated; the repository made private'],
    [`${day(44)}T11:00Z`, 'Access logs reviewed for the exposure window: no use of the key'],
  ] as const)
    await addTimelineEntry(stores, actor, orgId, 'INC-107', { at: entryAt, entry }, at);
  for (const [entryAt, entry] of [
    [`${day(20)}T16:45Z`, 'A customer reported a missing export'],
    [`${day(20)}T17:30Z`, 'Export job paused; the misrouted files located'],
    [`${day(19)}T12:00Z`, 'Files deleted from the internal bucket; exports re-run to the right buckets'],
  ] as const)
    await addTimelineEntry(stores, actor, orgId, 'INC-112', { at: entryAt, entry }, at);

  const done104 = await addFollowUp(
    stores,
    actor,
    orgId,
    'INC-104',
    {
      action: 'Run schema migrations online (no table locks) in the deploy pipeline',
      owner: sre,
      dueOn: day(180),
    },
    at,
  );
  await completeFollowUp(stores, actor, orgId, {
    followUpId: done104.followUpActions[0]!.id,
    evidence: 'PLAT-1187',
    doneOn: day(185),
    at: today,
  });
  const inc107 = await addFollowUp(
    stores,
    actor,
    orgId,
    'INC-107',
    {
      action: 'Enable secret scanning and push protection on every repository',
      owner: security,
      dueOn: day(30),
    },
    at,
  );
  await completeFollowUp(stores, actor, orgId, {
    followUpId: inc107.followUpActions[0]!.id,
    evidence: 'SEC-412',
    doneOn: day(31),
    at: today,
  });
  // The violation: overdue for twelve days, owned by the SRE lead.
  await addFollowUp(
    stores,
    actor,
    orgId,
    'INC-107',
    { action: 'Move the bridge key to the secrets manager with 90-day rotation', owner: sre, dueOn: day(12) },
    at,
  );

  const tabletop = await createIrTest(
    stores,
    actor,
    orgId,
    {
      kind: 'tabletop',
      heldOn: day(140),
      scenario: 'Ransomware at the payroll vendor with a stolen SSO session of an administrator',
      participants: [security, sre, roleHolderEmail('Compliance lead')!],
      results:
        'Escalation to the vendor took 3 hours: the vendor contact list was out of date. Session revocation in the identity provider worked in 4 minutes.',
      followUps: [
        { action: 'Keep vendor security contacts in the vendor register', owner: security, dueOn: day(110) },
      ],
    },
    at,
  );
  await completeFollowUp(stores, actor, orgId, {
    followUpId: tabletop.followUps[0]!.id,
    evidence: 'GRC-88',
    doneOn: day(115),
    at: today,
  });
  return rows.length;
}
