import { createApiToken } from '../src/modules/api-tokens/api-token.service.js';
import { createEngagement } from '../src/modules/engagements/engagement.service.js';
import { addException } from '../src/modules/exceptions/exception.service.js';
import { addFinding } from '../src/modules/findings/finding.service.js';
import { configureSso } from '../src/modules/sso/sso.service.js';
import { inviteMember } from '../src/modules/users/invitation.service.js';
import { disableMember } from '../src/modules/users/member.service.js';
import { TEST_ACTOR } from './database.js';
import {
  buildControl,
  buildEvidence,
  buildNhi,
  buildOrg,
  buildPerson,
  buildUser,
  deployKeyExport,
  type Harness,
  multipartFile,
  unique,
} from './factories.js';

/** The organization a sample request targets, and its people. */
export interface SampleOrg {
  id: string;
  slug: string;
  /** The person a contributor (and the contributor token) is. */
  contributorEmail: string;
  /** Someone else of the roster. */
  otherEmail: string;
}

/** Which side of an "own record" rule a sample stands on. */
export type Ownership = 'own' | 'other';

/** One concrete request for a route. */
export interface SampleRequest {
  params: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  multipart?: { payload: Buffer; headers: Record<string, string> };
}

/**
 * Builds a request that succeeds for a caller allowed to make it (fresh
 * records for writes that consume them). `caller` is the e-mail of the
 * signed-in user when the route acts on the caller's own account.
 */
export type Sample = (
  h: Harness,
  org: SampleOrg,
  ownership: Ownership,
  caller?: string,
) => Promise<SampleRequest>;

const org = (o: SampleOrg) => ({ org: o.slug });
const SSO_SAMPLE = {
  issuer: 'http://127.0.0.1:9',
  clientId: 'auditready',
  scopes: 'openid email',
  groupClaim: null,
  roleMapping: [],
  defaultRole: 'viewer' as const,
  required: false,
  enabled: true,
};
const TYPE2 = {
  type: 'type2',
  windowStart: '2027-01-15',
  windowEnd: '2027-07-14',
  fieldworkStart: '2027-07-20',
};
/** A fresh member of the organization (a viewer); returns the membership id. */
async function buildMember(h: Harness, o: SampleOrg): Promise<string> {
  const user = await buildUser(h, [{ orgId: o.id, role: 'viewer' }]);
  const row = await h.store.database.db
    .selectFrom('memberships')
    .select('id')
    .where('org_id', '=', o.id)
    .where('user_id', '=', user.id)
    .executeTakeFirstOrThrow();
  return row.id;
}
/** A fresh pending invitation of the organization (to `email`, or a new address) and its secret. */
const buildInvitation = (h: Harness, orgId: string, email = `invitee-${unique()}@example.test`) =>
  inviteMember(
    h.store.database,
    TEST_ACTOR,
    orgId,
    { email, name: 'Invitee', role: 'viewer' },
    h.settings.now(),
  );
const ownerFor = (o: SampleOrg, ownership: Ownership) =>
  ownership === 'own' ? o.contributorEmail : o.otherEmail;
// One imported identity per organization serves every NHI sample (reading, assigning and reviewing it again
// all succeed), so the matrix runs two imports instead of one per request.
const sampleNhis = new Map<string, Promise<string>>();
const nhiOf = (h: Harness, o: SampleOrg): Promise<string> => {
  let id = sampleNhis.get(o.id);
  if (!id) {
    id = buildNhi(h, o.id);
    sampleNhis.set(o.id, id);
  }
  return id;
};

/**
 * A valid request for every route of the API, keyed `METHOD /path/{param}`
 * as in the OpenAPI document. The authorization matrix test fails on a
 * route that has no sample here, so a new route cannot skip the matrix.
 */
export const ROUTE_SAMPLES: Record<string, Sample> = {
  'POST /api/v1/auth/sign-out': async () => ({ params: {} }),
  'POST /api/v1/auth/password': async () => ({
    params: {},
    body: { currentPassword: 'correct horse battery staple', newPassword: 'another long passphrase' },
  }),
  'GET /api/v1/orgs': async () => ({ params: {} }),
  'GET /api/v1/orgs/{org}': async (_h, o) => ({ params: org(o) }),
  'PATCH /api/v1/orgs/{org}': async (_h, o) => ({ params: org(o), body: { name: `Org ${o.slug}` } }),
  'GET /api/v1/orgs/{org}/members': async (_h, o) => ({ params: org(o) }),
  'POST /api/v1/orgs/{org}/members': async (_h, o) => ({
    params: org(o),
    body: { email: `member-${unique()}@example.test`, name: 'New Member', role: 'viewer' },
  }),
  'PATCH /api/v1/orgs/{org}/members/{memberId}': async (h, o) => ({
    params: { ...org(o), memberId: await buildMember(h, o) },
    body: { role: 'contributor' },
  }),
  'POST /api/v1/orgs/{org}/members/{memberId}/disable': async (h, o) => ({
    params: { ...org(o), memberId: await buildMember(h, o) },
  }),
  'POST /api/v1/orgs/{org}/members/{memberId}/enable': async (h, o) => {
    const memberId = await buildMember(h, o);
    await disableMember(h.store.database, TEST_ACTOR, o.id, memberId);
    return { params: { ...org(o), memberId } };
  },
  'GET /api/v1/orgs/{org}/invitations': async (_h, o) => ({ params: org(o) }),
  'POST /api/v1/orgs/{org}/invitations/{invitationId}/revoke': async (h, o) => ({
    params: { ...org(o), invitationId: (await buildInvitation(h, o.id)).invitation.id },
  }),
  'GET /api/v1/auth/invitations': async () => ({ params: {} }),
  // The caller is a member of the sample organization already: another organization invites them.
  'POST /api/v1/auth/invitations/accept': async (h, _o, _ownership, caller) => ({
    params: {},
    body: {
      token: (await buildInvitation(h, (await buildOrg(h, `Inviting ${unique()}`)).id, caller)).inviteToken,
    },
  }),
  'POST /api/v1/auth/invitations/{invitationId}/decline': async (h, _o, _ownership, caller) => ({
    params: {
      invitationId: (await buildInvitation(h, (await buildOrg(h, `Inviting ${unique()}`)).id, caller))
        .invitation.id,
    },
  }),
  'GET /api/v1/orgs/{org}/api-tokens': async (_h, o) => ({ params: org(o) }),
  'POST /api/v1/orgs/{org}/api-tokens': async (_h, o) => ({
    params: org(o),
    body: { name: `ci-${unique()}`, role: 'viewer', expiresInDays: 30 },
  }),
  'DELETE /api/v1/orgs/{org}/api-tokens/{tokenId}': async (h, o) => {
    const created = await createApiToken(h.store.database, TEST_ACTOR, o.id, {
      name: `ci-${unique()}`,
      role: 'viewer',
      expiresInDays: 1,
    });
    return { params: { ...org(o), tokenId: created.token.id } };
  },
  'GET /api/v1/orgs/{org}/people': async (_h, o) => ({ params: org(o), query: { limit: '5' } }),
  'POST /api/v1/orgs/{org}/people': async (_h, o) => ({
    params: org(o),
    body: { email: `p-${unique()}@example.test`, name: 'New Person' },
  }),
  'PATCH /api/v1/orgs/{org}/people/{personId}': async (h, o) => {
    const person = await buildPerson(h, o.id);
    return { params: { ...org(o), personId: person.id }, body: { team: 'Platform' } };
  },
  'POST /api/v1/orgs/{org}/people/import': async (_h, o) => ({
    params: org(o),
    multipart: multipartFile(`email,name\nimported-${unique()}@example.test,Imported\n`, 'roster.csv'),
  }),
  'GET /api/v1/orgs/{org}/frameworks': async (_h, o) => ({ params: org(o) }),
  'GET /api/v1/orgs/{org}/frameworks/{framework}/criteria': async (_h, o) => ({
    params: { ...org(o), framework: 'owasp-nhi' },
  }),
  'GET /api/v1/orgs/{org}/controls': async (_h, o) => ({ params: org(o), query: { limit: '5' } }),
  'POST /api/v1/orgs/{org}/controls': async (_h, o) => ({
    params: org(o),
    body: { code: `N-${unique()}`, title: 'New control', cadence: 'quarterly' },
  }),
  'GET /api/v1/orgs/{org}/controls/export': async (_h, o) => ({ params: org(o), query: { format: 'json' } }),
  'POST /api/v1/orgs/{org}/controls/import': async (_h, o) => ({
    params: org(o),
    multipart: multipartFile(`code,title,cadence\nI-${unique()},Imported control,annual\n`, 'matrix.csv'),
  }),
  'GET /api/v1/orgs/{org}/controls/{code}': async (h, o, ownership) => ({
    params: { ...org(o), code: await buildControl(h, o.id, { ownerEmail: ownerFor(o, ownership) }) },
  }),
  'PATCH /api/v1/orgs/{org}/controls/{code}': async (h, o, ownership) => ({
    params: { ...org(o), code: await buildControl(h, o.id, { ownerEmail: ownerFor(o, ownership) }) },
    body: { description: 'updated by the matrix test', sourceOfTruth: 'Jira' },
  }),
  'DELETE /api/v1/orgs/{org}/controls/{code}': async (h, o, ownership) => ({
    params: { ...org(o), code: await buildControl(h, o.id, { ownerEmail: ownerFor(o, ownership) }) },
  }),
  'PUT /api/v1/orgs/{org}/controls/{code}/owner': async (h, o) => ({
    params: { ...org(o), code: await buildControl(h, o.id) },
    body: { ownerEmail: o.otherEmail },
  }),
  'PUT /api/v1/orgs/{org}/controls/{code}/mappings': async (h, o) => ({
    params: { ...org(o), code: await buildControl(h, o.id) },
    body: { mappings: { soc2: ['CC6.1', 'CC6.2'] } },
  }),
  'GET /api/v1/orgs/{org}/evidence': async (_h, o) => ({ params: org(o), query: { limit: '5' } }),
  'POST /api/v1/orgs/{org}/evidence': async (h, o) => {
    const code = await buildControl(h, o.id);
    return {
      params: org(o),
      multipart: multipartFile(`review ${unique()}`, 'review.csv', 'file', {
        controlCode: code,
        effective: '2026-10-01..2026-10-31',
      }),
    };
  },
  'POST /api/v1/orgs/{org}/evidence/records': async (h, o) => ({
    params: org(o),
    body: {
      kind: 'link',
      url: 'https://tickets.example/CHG-1',
      controlCode: await buildControl(h, o.id),
      effective: '2026-10-01',
    },
  }),
  'GET /api/v1/orgs/{org}/evidence/{evidenceId}': async (h, o) => ({
    params: { ...org(o), evidenceId: await buildEvidence(h, o.id, await buildControl(h, o.id)) },
  }),
  'GET /api/v1/orgs/{org}/evidence/{evidenceId}/content': async (h, o) => ({
    params: { ...org(o), evidenceId: await buildEvidence(h, o.id, await buildControl(h, o.id)) },
  }),
  'POST /api/v1/orgs/{org}/evidence/{evidenceId}/review': async (h, o) => ({
    params: { ...org(o), evidenceId: await buildEvidence(h, o.id, await buildControl(h, o.id)) },
    body: { decision: 'accepted' },
  }),
  'GET /api/v1/orgs/{org}/engagements': async (_h, o) => ({ params: org(o) }),
  'POST /api/v1/orgs/{org}/engagements': async (_h, o) => ({ params: org(o), body: TYPE2 }),
  'PATCH /api/v1/orgs/{org}/engagements/{engagementId}': async (h, o) => ({
    params: {
      ...org(o),
      engagementId: (await createEngagement(h.store.database, TEST_ACTOR, o.id, TYPE2)).id,
    },
    body: { fieldworkStart: '2027-07-25' },
  }),
  'GET /api/v1/orgs/{org}/plan': async (h, o) => {
    await createEngagement(h.store.database, TEST_ACTOR, o.id, TYPE2);
    return { params: org(o) };
  },
  'POST /api/v1/orgs/{org}/plan/complete': async (h, o) => {
    const e = await createEngagement(h.store.database, TEST_ACTOR, o.id, TYPE2);
    return {
      params: org(o),
      body: { engagementId: e.id, key: 'milestone:policies-approved', doneOn: '2026-12-01' },
    };
  },
  'GET /api/v1/orgs/{org}/exceptions': async (_h, o) => ({ params: org(o) }),
  'POST /api/v1/orgs/{org}/exceptions': async (h, o) => ({
    params: org(o),
    body: {
      controlCode: await buildControl(h, o.id),
      summary: 'late',
      reason: 'leave',
      riskRating: 'low',
      expiresOn: '2027-03-01',
    },
  }),
  'POST /api/v1/orgs/{org}/exceptions/{exceptionId}/approve': async (h, o) => {
    const x = await addException(h.store.database, TEST_ACTOR, o.id, {
      controlCode: await buildControl(h, o.id),
      summary: 'late',
      reason: 'leave',
      riskRating: 'low',
      expiresOn: '2027-03-01',
    });
    return {
      params: { ...org(o), exceptionId: x.id },
      body: { approverEmail: o.otherEmail, approvedOn: '2026-12-01' },
    };
  },
  'POST /api/v1/orgs/{org}/exceptions/{exceptionId}/close': async (h, o) => {
    const x = await addException(h.store.database, TEST_ACTOR, o.id, {
      controlCode: await buildControl(h, o.id),
      summary: 'late',
      reason: 'leave',
      riskRating: 'low',
      expiresOn: '2027-03-01',
    });
    return { params: { ...org(o), exceptionId: x.id }, body: { closedOn: '2026-12-01' } };
  },
  'GET /api/v1/orgs/{org}/findings': async (_h, o) => ({ params: org(o) }),
  'POST /api/v1/orgs/{org}/findings': async (_h, o) => ({
    params: org(o),
    body: { title: 'Unreviewed merge', severity: 'medium', openedOn: '2026-11-01' },
  }),
  'POST /api/v1/orgs/{org}/findings/{findingId}/resolve': async (h, o, ownership) => {
    const f = await addFinding(h.store.database, TEST_ACTOR, o.id, {
      title: 'Unreviewed merge',
      severity: 'medium',
      openedOn: '2026-11-01',
      ownerEmail: ownerFor(o, ownership),
    });
    return { params: { ...org(o), findingId: f.id }, body: { resolvedOn: '2026-11-20' } };
  },
  'POST /api/v1/orgs/{org}/findings/triage': async (h, o) => {
    const f = await addFinding(h.store.database, TEST_ACTOR, o.id, {
      title: 'Unreviewed merge',
      severity: 'medium',
      openedOn: '2026-11-01',
    });
    return { params: org(o), body: { ids: [f.id], severity: 'high' } };
  },
  'GET /api/v1/orgs/{org}/readiness': async (_h, o) => ({ params: org(o), query: { at: '2026-11-29' } }),
  'GET /api/v1/orgs/{org}/exports/{kind}': async (_h, o) => ({
    params: { ...org(o), kind: 'findings' },
    query: { format: 'xlsx' },
  }),
  'GET /api/v1/orgs/{org}/reports/readiness.pdf': async (_h, o) => ({
    params: org(o),
    query: { at: '2026-11-29' },
  }),
  'GET /api/v1/orgs/{org}/oscal/{kind}': async (_h, o) => ({
    params: { ...org(o), kind: 'oscal-catalog' },
  }),
  'POST /api/v1/orgs/{org}/frameworks/import-oscal': async (_h, o) => ({
    params: org(o),
    multipart: multipartFile(
      JSON.stringify({
        catalog: {
          uuid: '7d1f3e5a-4b2c-4d6e-8f90-1a2b3c4d5e6f',
          metadata: {
            title: 'Sample',
            'last-modified': '2026-01-01T00:00:00Z',
            version: unique(),
            'oscal-version': '1.2.1',
          },
          controls: [{ id: 's-1', title: 'One' }],
        },
      }),
      'catalog.json',
    ),
  }),
  'GET /api/v1/orgs/{org}/readiness/burndown': async (_h, o) => ({
    params: org(o),
    query: { at: '2026-11-29' },
  }),
  'GET /api/v1/orgs/{org}/activity': async (_h, o) => ({ params: org(o), query: { limit: '5' } }),
  'GET /api/v1/orgs/{org}/verify': async (_h, o) => ({ params: org(o) }),
  'GET /api/v1/orgs/{org}/nhi': async (_h, o) => ({ params: org(o), query: { limit: '5' } }),
  'GET /api/v1/orgs/{org}/nhi/findings': async (_h, o) => ({ params: org(o), query: { open: 'true' } }),
  'GET /api/v1/orgs/{org}/nhi/imports': async (_h, o) => ({ params: org(o), query: { limit: '5' } }),
  'POST /api/v1/orgs/{org}/nhi/imports': async (_h, o) => ({
    params: org(o),
    multipart: multipartFile(deployKeyExport(42), 'keys.json', 'file', {
      kind: 'github-deploy-keys',
      scope: `example-org/sample-${unique()}`,
    }),
  }),
  'POST /api/v1/orgs/{org}/nhi/assign': async (h, o) => ({
    params: org(o),
    body: { ids: [await nhiOf(h, o)], ownerEmail: o.otherEmail },
  }),
  'POST /api/v1/orgs/{org}/nhi/review': async (h, o) => ({
    params: org(o),
    body: { ids: [await nhiOf(h, o)], note: 'still needed by the release pipeline' },
  }),
  'GET /api/v1/orgs/{org}/nhi/thresholds': async (_h, o) => ({ params: org(o) }),
  'PUT /api/v1/orgs/{org}/nhi/thresholds': async (_h, o) => ({ params: org(o), body: { rotationDays: 60 } }),
  'GET /api/v1/orgs/{org}/nhi/{nhiId}': async (h, o) => ({
    params: { ...org(o), nhiId: await nhiOf(h, o) },
  }),
  'POST /api/v1/auth/sso/sign-out': async () => ({ params: {} }),
  'GET /api/v1/orgs/{org}/sso': async (_h, o) => ({ params: org(o) }),
  'PUT /api/v1/orgs/{org}/sso': async (_h, o) => ({ params: org(o), body: SSO_SAMPLE }),
  // Discovery against a closed local port: answered at once, as a failed test (200, ok false).
  'POST /api/v1/orgs/{org}/sso/test': async (h, o) => {
    await configureSso(h.store.database, TEST_ACTOR, o.id, SSO_SAMPLE, null, h.settings.now());
    return { params: org(o) };
  },
};

/** Fills `{param}` placeholders of an OpenAPI path. */
export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`sample for ${path} lacks the parameter ${name}`);
    return encodeURIComponent(value);
  });
}
