/**
 * The demo's policies, written in our own words: information security (a
 * second version approved last month), acceptable use, access control,
 * incident response (its annual review overdue) and vendor management (a
 * draft never approved). Acknowledgements come from an HR export in which
 * some active people are missing, so each policy's progress per team shows
 * gaps; departed people are never asked.
 */
import { Readable } from 'node:stream';
import { addDays, type IsoDate } from '../../core/dates.js';
import type { Actor } from '../../core/ledger/chain.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import type { Person } from '../people/person.schema.js';
import { importAcknowledgements } from '../policies/policy-acknowledgement.service.js';
import { addPolicyVersion, approvePolicy, createPolicy } from '../policies/policy-version.service.js';
import { roleHolderEmail } from './demo-people.js';
import type { SeededRandom } from './random.js';

const INFOSEC_V1 = `# Information security policy

## Purpose
Northwind Cloud protects the data our customers trust us with. This policy sets the rules every employee and
contractor follows, and names who answers for them.

## Roles
- The **security lead** runs the security programme and reports to the leadership team every quarter.
- The **compliance lead** keeps the policies, the control library and the evidence current.
- Every **manager** makes sure their team has read the policies that apply to them.

## Rules
1. Customer data stays in the production accounts; copies elsewhere need the security lead's written approval.
2. Every system that holds customer data has a named owner.
3. Security incidents are reported in #security-incidents as soon as they are noticed.
`;

const INFOSEC_V2 = `${INFOSEC_V1}4. Personal devices may reach company e-mail and chat only through the managed browser profile.

## Exceptions
An exception to this policy is requested from the security lead, has an end date, and is reviewed when it ends.
`;

const POLICIES = [
  {
    key: 'acceptable-use',
    title: 'Acceptable use',
    ownerRole: 'IT admin',
    controls: ['GOV-08', 'HR-02'],
    text: `# Acceptable use

Company laptops, accounts and networks are for company work; light personal use is fine when it does not get
in the way of work or security.

- Keep the disk encryption, screen lock and endpoint agent that IT installs switched on.
- Never share a password or an MFA device; use the company password manager.
- Do not install software from outside the approved catalogue without asking IT.
- Report a lost or stolen device to IT within one hour.
`,
    approvedDaysAgo: 200,
  },
  {
    key: 'access-control',
    title: 'Access control',
    ownerRole: 'Security lead',
    controls: ['AC-01', 'AC-03', 'AC-06'],
    text: `# Access control

- Access is granted by role, through the identity provider, after the manager's approval in the ticket.
- Production access needs a second factor and is reviewed every quarter by the system owner.
- Access of a person who leaves is removed on their last day; the IT admin checks it within one business day.
- Shared and service accounts have a named owner and never belong to a single person's login.
`,
    approvedDaysAgo: 300,
  },
  {
    key: 'incident-response',
    title: 'Incident response',
    ownerRole: 'Security lead',
    controls: ['IR-01'],
    text: `# Incident response

1. **Detect and report**: anyone who notices something odd reports it in #security-incidents.
2. **Triage**: the on-call engineer sets a severity within 30 minutes.
3. **Contain and recover**: the incident lead coordinates; customer impact is tracked from the first hour.
4. **Learn**: a written review with follow-up actions within five business days of a high-severity incident.
`,
    approvedDaysAgo: 390,
  },
  {
    key: 'vendor-management',
    title: 'Vendor management',
    ownerRole: 'Legal',
    controls: ['GOV-10'],
    text: `# Vendor management

- Every vendor that touches customer data is in the vendor register with an owner and a criticality.
- Critical vendors send a current independent assurance report every year; the owner reads it and notes any
  controls we must run on our side.
- New vendors are assessed before the contract is signed.
`,
    approvedDaysAgo: null,
  },
] as const;

/** Seeds five policies and an acknowledgement export with gaps; returns how many policies there are. */
export async function seedPolicies(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  people: readonly Person[],
  today: IsoDate,
  rng: SeededRandom,
): Promise<number> {
  const lead = roleHolderEmail('Compliance lead')!;
  const approver = roleHolderEmail('Head of engineering')!;
  const ackRows: string[] = [];
  const acknowledge = (key: string, version: number, approvedOn: IsoDate, share: number) => {
    for (const p of people) {
      if (p.status !== 'active' || rng.next() > share) continue;
      const span = Math.max(
        0,
        Math.min(20, Math.round((Date.parse(today) - Date.parse(approvedOn)) / 86_400_000)),
      );
      ackRows.push(`${p.email},${key},${version},${addDays(approvedOn, rng.int(0, span))}`);
    }
  };

  const written = addDays(today, -420);
  await createPolicy(
    stores,
    actor,
    orgId,
    {
      key: 'information-security',
      title: 'Information security',
      owner: roleHolderEmail('Security lead')!,
      approver,
      controls: ['GOV-01', 'GOV-07', 'GOV-08'],
      text: INFOSEC_V1,
      summary: 'First version',
    },
    { at: written },
  );
  await approvePolicy(
    stores,
    actor,
    orgId,
    'information-security',
    { approvedOn: addDays(today, -380) },
    { at: written },
  );
  await addPolicyVersion(
    stores,
    actor,
    orgId,
    'information-security',
    { text: INFOSEC_V2, summary: 'Personal devices; exceptions' },
    { at: addDays(today, -30) },
  );
  const infosecApproved = addDays(today, -25);
  await approvePolicy(
    stores,
    actor,
    orgId,
    'information-security',
    { approvedOn: infosecApproved },
    { at: addDays(today, -25) },
  );
  acknowledge('information-security', 1, addDays(today, -380), 0.95);
  acknowledge('information-security', 2, infosecApproved, 0.8);

  for (const p of POLICIES) {
    const createdOn = addDays(today, -(p.approvedDaysAgo ?? 20) - 5);
    await createPolicy(
      stores,
      actor,
      orgId,
      {
        key: p.key,
        title: p.title,
        owner: roleHolderEmail(p.ownerRole) ?? lead,
        approver,
        controls: [...p.controls],
        text: p.text,
        summary: 'First version',
      },
      { at: createdOn },
    );
    if (p.approvedDaysAgo === null) continue;
    const approvedOn = addDays(today, -p.approvedDaysAgo);
    await approvePolicy(stores, actor, orgId, p.key, { approvedOn }, { at: createdOn });
    acknowledge(p.key, 1, approvedOn, 0.9);
  }

  await importAcknowledgements(stores, actor, orgId, {
    file: 'hr-policy-acknowledgements.csv',
    input: Readable.from([`email,policy,version,acknowledged_at\n${ackRows.join('\n')}\n`]),
    at: today,
  });
  return POLICIES.length + 1;
}
