/**
 * The demo's vendor register: fifteen vendors of a cloud company imported
 * from a register CSV, with SOC 2 / ISO 27001 reports for the critical ones
 * (AWS and Okta current; GitHub's fourteen months old but carried by a bridge
 * letter; Stripe's fourteen months old with no letter — a finding), CUECs of
 * the AWS and Okta reports (one of Okta's not mapped — a finding), reviews of
 * AWS and Okta, and Zendesk's review overdue (a finding).
 */
import { Readable } from 'node:stream';
import { addDays, addMonths, type IsoDate } from '../../core/dates.js';
import type { Actor } from '../../core/ledger/chain.js';
import type { EvidenceStores } from '../evidence/evidence.service.js';
import { addCuec, mapCuec } from '../vendors/vendor-cuec.service.js';
import { importVendorRegister } from '../vendors/vendor-register.service.js';
import { addBridgeLetter, addVendorReport } from '../vendors/vendor-report.service.js';
import { recordVendorReview } from '../vendors/vendor-review.service.js';
import { roleHolderEmail } from './demo-people.js';

const text = (s: string) => Readable.from([Buffer.from(s)]);

/** Seeds the vendor register and its records; returns how many vendors there are. */
export async function seedVendors(
  stores: EvidenceStores,
  actor: Actor,
  orgId: string,
  today: IsoDate,
): Promise<number> {
  const security = roleHolderEmail('Security lead')!;
  const sre = roleHolderEmail('SRE lead')!;
  const it = roleHolderEmail('IT admin')!;
  const eng = roleHolderEmail('Head of engineering')!;
  const people = roleHolderEmail('People ops')!;
  const legal = roleHolderEmail('Legal')!;
  const compliance = roleHolderEmail('Compliance lead')!;
  const ahead = (months: number) => addMonths(today, months);
  const vendors: [string, string, string, string, string, string, IsoDate, IsoDate][] = [
    // name, service, criticality, data, owner, contract start, last assessment, next review
    [
      'Amazon Web Services',
      'cloud hosting (production)',
      'critical',
      'customer data; production secrets',
      sre,
      '2022-03-01',
      ahead(-11),
      ahead(1),
    ],
    [
      'Okta',
      'workforce identity provider',
      'critical',
      'employee identities; MFA factors',
      it,
      '2022-06-01',
      ahead(-10),
      ahead(2),
    ],
    [
      'GitHub',
      'source control and CI',
      'critical',
      'source code; deploy keys',
      eng,
      '2021-09-01',
      ahead(-4),
      ahead(8),
    ],
    [
      'Stripe',
      'payments',
      'critical',
      'cardholder data (tokenised); customer billing',
      compliance,
      '2023-01-15',
      ahead(-9),
      ahead(3),
    ],
    [
      'Datadog',
      'monitoring and logs',
      'high',
      'production logs; metrics',
      sre,
      '2022-04-01',
      ahead(-6),
      ahead(6),
    ],
    [
      'Slack',
      'team chat',
      'high',
      'internal messages; incident channels',
      it,
      '2021-09-01',
      ahead(-8),
      ahead(4),
    ],
    [
      'Google Workspace',
      'e-mail and documents',
      'high',
      'employee e-mail; documents',
      it,
      '2021-09-01',
      ahead(-5),
      ahead(7),
    ],
    [
      'PagerDuty',
      'on-call paging',
      'high',
      'on-call rota; incident metadata',
      sre,
      '2022-05-01',
      ahead(-7),
      ahead(5),
    ],
    [
      'Cloudflare',
      'CDN and DNS',
      'high',
      'customer traffic (TLS terminated)',
      sre,
      '2022-03-01',
      ahead(-3),
      ahead(9),
    ],
    [
      'Zendesk',
      'customer support',
      'medium',
      'customer contact details; tickets',
      compliance,
      '2023-02-01',
      ahead(-14),
      addDays(today, -20),
    ],
    [
      'HubSpot',
      'CRM and marketing',
      'medium',
      'prospect contact details',
      compliance,
      '2023-05-01',
      ahead(-6),
      ahead(6),
    ],
    [
      'Rippling',
      'HR and payroll',
      'medium',
      'employee PII; payroll',
      people,
      '2022-01-01',
      ahead(-9),
      ahead(3),
    ],
    [
      '1Password',
      'password manager',
      'high',
      'shared credentials (encrypted)',
      security,
      '2021-10-01',
      ahead(-2),
      ahead(10),
    ],
    ['Figma', 'design', 'low', 'product designs', eng, '2022-08-01', ahead(-12), ahead(1)],
    ['DocuSign', 'contract signature', 'low', 'contracts', legal, '2023-03-01', ahead(-10), ahead(2)],
  ];
  const header =
    'name,service,criticality,data,owner_email,contract_start,contract_end,last_assessment,next_review';
  const rows = vendors.map(
    ([name, service, criticality, data, owner, start, last, next]) =>
      `${name},${service},${criticality},"${data}",${owner},${start},,${last},${next}`,
  );
  await importVendorRegister(stores, actor, orgId, {
    file: 'vendor-register.csv',
    input: text(`${header}\n${rows.join('\n')}\n`),
    at: today,
  });

  const pdf = (vendor: string, what: string) => ({
    fileName: `${vendor.toLowerCase().replace(/\W+/g, '-')}-${what}.pdf`,
    input: text(`%PDF-1.4\n% ${vendor}: ${what} (demo)\n`),
    mediaType: 'application/pdf',
  });
  const report = async (vendor: string, kind: string, periodEnd: IsoDate) =>
    addVendorReport(
      stores,
      actor,
      orgId,
      vendor,
      {
        kind,
        periodStart: addDays(addMonths(periodEnd, -12), 1),
        periodEnd,
        receivedOn: addDays(periodEnd, 45),
      },
      pdf(vendor, kind),
      { at: today },
    );
  const aws = await report('Amazon Web Services', 'soc2-type2', addMonths(today, -3));
  const okta = await report('Okta', 'soc2-type2', addMonths(today, -5));
  await report('Datadog', 'soc2-type2', addMonths(today, -4));
  await report('Cloudflare', 'iso27001', addMonths(today, -6));
  const githubEnd = addMonths(today, -14);
  await report('GitHub', 'soc2-type2', githubEnd);
  await addBridgeLetter(
    stores,
    actor,
    orgId,
    'GitHub',
    { coveredFrom: addDays(githubEnd, 1), coveredTo: addMonths(today, 1), receivedOn: addDays(today, -10) },
    pdf('GitHub', 'bridge-letter'),
    { at: today },
  );
  await report('Stripe', 'soc2-type2', addMonths(today, -14));

  const cuecs: [string, string, string, string[]][] = [
    [
      aws.id,
      'CUEC-1',
      'Customers manage IAM users, roles and their permissions in their own accounts',
      ['AC-03'],
    ],
    [aws.id, 'CUEC-2', 'Customers enable encryption of their data at rest and manage their keys', ['DP-03']],
    [
      okta.id,
      'CUEC-1',
      'Customers require MFA for every user and review administrator roles',
      ['AC-07', 'AC-03'],
    ],
    [okta.id, 'CUEC-2', 'Customers remove users promptly when they leave', []],
  ];
  for (const [vendorId, ref, description, controls] of cuecs) {
    await addCuec(stores.database, actor, orgId, vendorId, { ref, description }, { at: today });
    if (controls.length > 0)
      await mapCuec(stores.database, actor, orgId, vendorId, ref, { controlCodes: controls }, { at: today });
  }

  for (const [vendor, notes] of [
    [
      'Amazon Web Services',
      'SOC 2 Type II read: unqualified opinion, no exceptions affecting our use; CUECs mapped.',
    ],
    ['Okta', 'SOC 2 Type II read: one exception (change approval sampling) not affecting our tenant.'],
  ] as const)
    await recordVendorReview(
      stores,
      actor,
      orgId,
      vendor,
      { notes, reviewerEmail: security, reviewedOn: addDays(today, -7), nextReviewOn: addMonths(today, 12) },
      { at: today },
    );
  return vendors.length;
}
