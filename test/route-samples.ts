import { Readable } from 'node:stream';
import { createCampaign } from '../src/modules/access-reviews/access-review.service.js';
import { completeCampaign } from '../src/modules/access-reviews/access-review-completion.service.js';
import { decideItems } from '../src/modules/access-reviews/access-review-decision.service.js';
import { importAccountList } from '../src/modules/access-reviews/access-review-import.service.js';
import { createApiToken } from '../src/modules/api-tokens/api-token.service.js';
import { addImportSource } from '../src/modules/cadence/cadence.service.js';
import { importChangesUpload } from '../src/modules/changes/changes.import.js';
import { listChanges } from '../src/modules/changes/changes.service.js';
import { putGithubConnection } from '../src/modules/connectors/connectors.service.js';
import { applyControlMatrix, starterMatrixRows } from '../src/modules/controls/control.service.js';
import { createEngagement } from '../src/modules/engagements/engagement.service.js';
import { addException } from '../src/modules/exceptions/exception.service.js';
import { addFinding } from '../src/modules/findings/finding.service.js';
import { addFollowUp, createIncident } from '../src/modules/incidents/incident-record.service.js';
import { importOscalCatalog } from '../src/modules/oscal/oscal.service.js';
import { findPersonByEmail } from '../src/modules/people/person.repository.js';
import { approvePolicy, createPolicy } from '../src/modules/policies/policy-version.service.js';
import { createRequest } from '../src/modules/requests/request.service.js';
import { answerRequest, submitRequest } from '../src/modules/requests/request-thread.service.js';
import { createSample } from '../src/modules/sampling/sampling.service.js';
import { configureSso } from '../src/modules/sso/sso-config.service.js';
import { importTicketsUpload } from '../src/modules/tickets/tickets.import.js';
import { inviteMember } from '../src/modules/users/invitation.service.js';
import { disableMember } from '../src/modules/users/member.service.js';
import { addCuec } from '../src/modules/vendors/vendor-cuec.service.js';
import { addVendor } from '../src/modules/vendors/vendor-register.service.js';
import { blobStoreFor } from '../src/platform/blobs/fs-blob-store.js';
import { AppError } from '../src/platform/errors.js';
import { tableJobQueue } from '../src/platform/jobs/queue.js';
import { write } from '../src/platform/ledger/ledger.js';
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
  /**
   * The engagement the audit and sample routes name (engagement A: an
   * auditor of it is allowed there); created on first use when unset.
   */
  engagementId?: string;
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

/** A framework imported from an OSCAL catalog (installation-wide; the same catalog again changes nothing). */
async function importedFramework(h: Harness): Promise<string> {
  const catalog = {
    catalog: {
      uuid: '5b0e6c1a-2f3d-4e5f-8a9b-0c1d2e3f4a5b',
      metadata: {
        title: 'Mapped sample',
        'last-modified': '2026-01-01T00:00:00Z',
        version: '1',
        'oscal-version': '1.2.1',
      },
      controls: [{ id: 'm-1', title: 'One' }],
    },
  };
  const result = await importOscalCatalog(h.store.database, TEST_ACTOR, {
    file: 'catalog.json',
    input: Readable.from([JSON.stringify(catalog)]),
    frameworkId: 'mapped-sample',
  });
  return result.frameworkId;
}
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
/** A Type II window holding the evidence `buildEvidence` adds (October 2026). */
export const AUDIT_WINDOW = {
  type: 'type2',
  windowStart: '2026-07-01',
  windowEnd: '2026-12-31',
  fieldworkStart: '2027-01-11',
} as const;
/** The engagement of the sample organization the audit routes name (created once). */
async function engagementOf(h: Harness, o: SampleOrg): Promise<string> {
  o.engagementId ??= (await createEngagement(h.store.database, TEST_ACTOR, o.id, AUDIT_WINDOW)).id;
  return o.engagementId;
}
const audit = async (h: Harness, o: SampleOrg) => ({ ...org(o), engagementId: await engagementOf(h, o) });
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

// A git log of two commits (a repository without pull requests) for the change samples.
const gitLogSample = (): string =>
  [
    `${'b'.repeat(40)}\tBo Ito\tbo@example.com\t2026-10-02T10:00:00Z\tSecond change`,
    `${'a'.repeat(40)}\tAl Nguyen\tal@example.com\t2026-10-01T10:00:00Z\tFirst change`,
    '',
  ].join('\n');
const sampleChanges = new Map<string, Promise<string>>();
const changeOf = (h: Harness, o: SampleOrg): Promise<string> => {
  let id = sampleChanges.get(o.id);
  if (!id) {
    id = (async () => {
      const stores = { database: h.store.database, blobs: blobStoreFor(h.store.dataDir) };
      await importChangesUpload(stores, TEST_ACTOR, o.id, {
        fileName: 'git-log.tsv',
        input: Readable.from([Buffer.from(gitLogSample())]),
        fields: { repository: 'example-org/sample-changes' },
      });
      const [change] = await listChanges(h.store.database, o.id);
      if (!change) throw new Error('the sample git log imported no change');
      return change.id;
    })();
    sampleChanges.set(o.id, id);
  }
  return id;
};

// One page of the Linear issues query (two tickets) for the ticket samples; `team` makes each upload new.
const linearPageSample = (team = 'ENG'): string =>
  JSON.stringify({
    data: {
      issues: {
        nodes: [1, 2].map((n) => ({
          identifier: `${team}-${n}`,
          title: `Sample change ${n}`,
          description: 'Shipped in example-org/sample-changes#1',
          createdAt: `2026-10-0${n}T10:00:00.000Z`,
          state: { name: 'Done' },
          creator: { id: 'u-al', name: 'Al Nguyen' },
          labels: { nodes: [{ name: 'Feature' }] },
          history: {
            nodes: [
              {
                createdAt: `2026-10-0${n}T12:00:00.000Z`,
                actor: { id: 'u-bo', name: 'Bo Ito' },
                fromState: { name: 'In Review' },
                toState: { name: 'Approved' },
              },
            ],
            pageInfo: { hasNextPage: false },
          },
        })),
        pageInfo: { hasNextPage: false },
      },
    },
  });
const sampleTickets = new Map<string, Promise<string>>();
const ticketOf = (h: Harness, o: SampleOrg): Promise<string> => {
  let id = sampleTickets.get(o.id);
  if (!id) {
    id = (async () => {
      const stores = { database: h.store.database, blobs: blobStoreFor(h.store.dataDir) };
      await importTicketsUpload(stores, TEST_ACTOR, o.id, {
        fileName: 'page-1.json',
        input: Readable.from([Buffer.from(linearPageSample())]),
        fields: {},
      });
      return 'ENG-1';
    })();
    sampleTickets.set(o.id, id);
  }
  return id;
};

/**
 * A fresh access-review campaign over a fresh system's two accounts (one of `otherEmail`, one service
 * account), reviewed by the contributor; `decided` decides both, `completed` also completes it (one revoke:
 * one open follow-up).
 */
async function buildAccessReview(
  h: Harness,
  o: SampleOrg,
  state: 'open' | 'decided' | 'completed' = 'open',
): Promise<{ id: string; followUpId: string | null }> {
  const stores = { database: h.store.database, blobs: blobStoreFor(h.store.dataDir) };
  const system = `sys-${unique()}`;
  await importAccountList(stores, TEST_ACTOR, o.id, {
    system,
    file: 'accounts.csv',
    input: Readable.from([
      `system,account,email,role\n${system},acct-a,${o.otherEmail},admin\n${system},svc-a,,deploy\n`,
    ]),
  });
  const campaign = await createCampaign(h.store.database, TEST_ACTOR, o.id, {
    system,
    reviewers: [o.contributorEmail],
    dueOn: '2099-01-01',
  });
  if (state === 'open') return { id: campaign.id, followUpId: null };
  const decided = await decideItems(h.store.database, TEST_ACTOR, o.id, {
    campaignId: campaign.id,
    caller: { personId: null, reviewerEmail: o.contributorEmail, mayRecordForOthers: true },
    decisions: [
      { item: 'acct-a', decision: 'revoke' },
      { item: 'svc-a', decision: 'keep' },
    ],
  });
  if (state === 'completed') await completeCampaign(stores, TEST_ACTOR, o.id, campaign.id);
  return { id: campaign.id, followUpId: decided.campaign.followUps[0]?.id ?? null };
}

const sampleIncidents = new Map<string, Promise<string>>();

/**
 * The organization's sample incident (owned by `otherEmail`), made on first use and shared by the incident
 * routes (their writes repeat harmlessly); `withFollowUp` adds a fresh open follow-up action of the
 * contributor to it.
 */
async function buildIncident(
  h: Harness,
  o: SampleOrg,
  withFollowUp = false,
): Promise<{ id: string; followUpId: string | null }> {
  const stores = { database: h.store.database, blobs: blobStoreFor(h.store.dataDir) };
  let made = sampleIncidents.get(o.id);
  if (!made) {
    made = createIncident(stores, TEST_ACTOR, o.id, {
      externalId: `INC-${unique()}`,
      title: 'Checkout errors',
      severity: 'high',
      detectedAt: '2026-11-02T09:00Z',
      owner: o.otherEmail,
    }).then((i) => i.id);
    sampleIncidents.set(o.id, made);
  }
  const id = await made;
  if (!withFollowUp) return { id, followUpId: null };
  const view = await addFollowUp(stores, TEST_ACTOR, o.id, id, {
    action: `Add a canary stage ${unique()}`,
    owner: o.contributorEmail,
    dueOn: '2099-01-01',
  });
  return { id, followUpId: view.followUpActions.find((f) => f.doneOn === null)!.id };
}

/** A fresh policy owned by `otherEmail`, approved by the contributor unless a draft is asked for; its key. */
async function buildPolicy(
  h: Harness,
  o: SampleOrg,
  state: 'draft' | 'approved' = 'approved',
): Promise<string> {
  const stores = { database: h.store.database, blobs: blobStoreFor(h.store.dataDir) };
  const key = `policy-${unique()}`.toLowerCase();
  await createPolicy(stores, TEST_ACTOR, o.id, {
    key,
    title: `Policy ${key}`,
    owner: o.otherEmail,
    approver: o.contributorEmail,
    text: `# Policy ${key}\n\nWe keep our systems safe.\n`,
  });
  if (state === 'approved') await approvePolicy(stores, TEST_ACTOR, o.id, key, {});
  return key;
}

const sampleVendors = new Map<string, Promise<{ id: string; cuecId: string }>>();
/**
 * A vendor of the organization (owned by `otherEmail`, one CUEC `CUEC-1`), built once per organization: the
 * vendor routes' samples do not consume it (a review, a report, a letter, a mapping can be repeated). The
 * starter control VM-03 its reports and bridge letters are filed on comes with it (sample organizations have
 * no starter library).
 */
function sampleVendor(h: Harness, o: SampleOrg): Promise<{ id: string; cuecId: string }> {
  let built = sampleVendors.get(o.id);
  if (!built) {
    built = (async () => {
      await write(h.store.database, { actor: TEST_ACTOR, orgId: o.id }, (w) =>
        applyControlMatrix(
          w,
          o.id,
          starterMatrixRows()
            .filter((r) => r.code === 'VM-03')
            .map((row) => ({ row, fail: (_c, reason) => new AppError('internal', reason) })),
        ),
      );
      const vendor = await addVendor(h.store.database, TEST_ACTOR, o.id, {
        name: `Vendor ${unique()}`,
        service: 'hosting',
        criticality: 'critical',
        ownerEmail: o.otherEmail,
      });
      const withCuec = await addCuec(h.store.database, TEST_ACTOR, o.id, vendor.id, {
        ref: 'CUEC-1',
        description: 'Review administrator access',
      });
      return { id: vendor.id, cuecId: withCuec.cuecList[0]!.id };
    })();
    sampleVendors.set(o.id, built);
  }
  return built;
}

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
  'GET /api/v1/orgs/{org}/evidence/provenance': async (_h, o) => ({ params: org(o) }),
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
  'GET /api/v1/orgs/{org}/access-reviews': async (_h, o) => ({ params: org(o) }),
  'POST /api/v1/orgs/{org}/access-reviews': async (h, o) => {
    const system = `sys-${unique()}`;
    await importAccountList(
      { database: h.store.database, blobs: blobStoreFor(h.store.dataDir) },
      TEST_ACTOR,
      o.id,
      {
        system,
        file: 'accounts.csv',
        input: Readable.from([`system,account,email,role\n${system},acct-a,${o.otherEmail},admin\n`]),
      },
    );
    return { params: org(o), body: { system, reviewers: [o.contributorEmail], dueOn: '2099-01-01' } };
  },
  'POST /api/v1/orgs/{org}/access-reviews/accounts': async (_h, o) => {
    const system = `sys-${unique()}`;
    return {
      params: org(o),
      multipart: multipartFile(
        `system,account,email,role\n${system},acct-a,${o.otherEmail},admin\n`,
        'accounts.csv',
        'file',
        {
          system,
        },
      ),
    };
  },
  'GET /api/v1/orgs/{org}/access-reviews/{campaignId}': async (h, o) => ({
    params: { ...org(o), campaignId: (await buildAccessReview(h, o)).id },
  }),
  'POST /api/v1/orgs/{org}/access-reviews/{campaignId}/decisions': async (h, o) => ({
    params: { ...org(o), campaignId: (await buildAccessReview(h, o)).id },
    body: {
      reviewer: o.contributorEmail,
      decisions: [{ item: 'acct-a', decision: 'revoke', comment: 'left' }],
    },
  }),
  'POST /api/v1/orgs/{org}/access-reviews/{campaignId}/decisions/import': async (h, o) => ({
    params: { ...org(o), campaignId: (await buildAccessReview(h, o)).id },
    multipart: multipartFile(
      'subject,decision,comment\nacct-a,keep,\nsvc-a,change,narrow it\n',
      'decisions.csv',
      'file',
      {
        reviewer: o.contributorEmail,
      },
    ),
  }),
  'POST /api/v1/orgs/{org}/access-reviews/{campaignId}/complete': async (h, o) => ({
    params: { ...org(o), campaignId: (await buildAccessReview(h, o, 'decided')).id },
  }),
  'POST /api/v1/orgs/{org}/access-reviews/follow-ups/{followUpId}/close': async (h, o) => ({
    params: { ...org(o), followUpId: (await buildAccessReview(h, o, 'completed')).followUpId! },
    body: { reference: 'JIRA-1234' },
  }),
  'GET /api/v1/orgs/{org}/incidents': async (_h, o) => ({ params: org(o) }),
  'POST /api/v1/orgs/{org}/incidents': async (_h, o) => ({
    params: org(o),
    body: { title: 'Login outage', severity: 'medium', detectedAt: '2026-11-02', owner: o.otherEmail },
  }),
  'POST /api/v1/orgs/{org}/incidents/import': async (_h, o) => ({
    params: org(o),
    multipart: multipartFile(
      `external_id,title,severity,status,detected_at,owner\nINC-${unique()},Disk full,low,open,2026-11-03,${o.otherEmail}\n`,
      'incidents.csv',
    ),
  }),
  'POST /api/v1/orgs/{org}/incidents/refresh': async (_h, o) => ({ params: org(o) }),
  'GET /api/v1/orgs/{org}/incidents/{incidentId}': async (h, o) => ({
    params: { ...org(o), incidentId: (await buildIncident(h, o)).id },
  }),
  'PATCH /api/v1/orgs/{org}/incidents/{incidentId}': async (h, o) => ({
    params: { ...org(o), incidentId: (await buildIncident(h, o)).id },
    body: {
      rootCause: 'A config push skipped the canary',
      status: 'contained',
      containedAt: '2026-11-02T10:00Z',
    },
  }),
  'POST /api/v1/orgs/{org}/incidents/{incidentId}/timeline': async (h, o) => ({
    params: { ...org(o), incidentId: (await buildIncident(h, o)).id },
    body: { at: '2026-11-02T09:05Z', entry: 'Paged the on-call engineer' },
  }),
  'POST /api/v1/orgs/{org}/incidents/{incidentId}/follow-ups': async (h, o) => ({
    params: { ...org(o), incidentId: (await buildIncident(h, o)).id },
    body: { action: 'Alert on 5xx rate', owner: o.contributorEmail, dueOn: '2099-01-01' },
  }),
  'POST /api/v1/orgs/{org}/incident-follow-ups/{followUpId}/done': async (h, o) => ({
    params: { ...org(o), followUpId: (await buildIncident(h, o, true)).followUpId! },
    body: { evidence: 'JIRA-77' },
  }),
  'GET /api/v1/orgs/{org}/ir-tests': async (_h, o) => ({ params: org(o) }),
  'POST /api/v1/orgs/{org}/ir-tests': async (_h, o) => ({
    params: org(o),
    body: {
      kind: 'tabletop',
      heldOn: '2026-10-01',
      scenario: 'A leaked production credential',
      participants: [o.contributorEmail, o.otherEmail],
      results: 'Escalation worked; the paging list was out of date',
      followUps: [{ action: 'Update the paging list', owner: o.otherEmail, dueOn: '2099-01-01' }],
    },
  }),
  'GET /api/v1/orgs/{org}/policies': async (_h, o) => ({ params: org(o) }),
  'POST /api/v1/orgs/{org}/policies': async (_h, o) => ({
    params: org(o),
    body: {
      key: `policy-${unique()}`.toLowerCase(),
      title: 'Acceptable use',
      owner: o.otherEmail,
      approver: o.contributorEmail,
      text: '# Acceptable use\n\nCompany systems are for company work.\n',
    },
  }),
  'POST /api/v1/orgs/{org}/policies/acknowledgements': async (h, o) => {
    const key = await buildPolicy(h, o);
    return {
      params: org(o),
      multipart: multipartFile(
        `email,policy,version,acknowledged_at\n${o.otherEmail},${key},1,${new Date().toISOString().slice(0, 10)}\n`,
        'acknowledgements.csv',
        'file',
      ),
    };
  },
  'GET /api/v1/orgs/{org}/policies/{policyId}': async (h, o) => ({
    params: { ...org(o), policyId: await buildPolicy(h, o, 'draft') },
  }),
  'POST /api/v1/orgs/{org}/policies/{policyId}/versions': async (h, o) => ({
    params: { ...org(o), policyId: await buildPolicy(h, o, 'draft') },
    body: { text: '# Policy\n\nA second version.\n', summary: 'Reworded' },
  }),
  'POST /api/v1/orgs/{org}/policies/{policyId}/approve': async (h, o) => ({
    params: { ...org(o), policyId: await buildPolicy(h, o, 'draft') },
    body: {},
  }),
  'POST /api/v1/orgs/{org}/policies/{policyId}/acknowledge': async (h, o) => ({
    params: { ...org(o), policyId: await buildPolicy(h, o) },
    body: { person: o.contributorEmail },
  }),
  'GET /api/v1/orgs/{org}/vendors': async (_h, o) => ({ params: org(o) }),
  'POST /api/v1/orgs/{org}/vendors': async (_h, o) => ({
    params: org(o),
    body: { name: `Vendor ${unique()}`, service: 'chat', criticality: 'medium', ownerEmail: o.otherEmail },
  }),
  'POST /api/v1/orgs/{org}/vendors/import': async (_h, o) => ({
    params: org(o),
    multipart: multipartFile(
      `name,service,criticality,data,owner_email,contract_start,contract_end,last_assessment,next_review\nVendor ${unique()},hosting,high,customer data,${o.otherEmail},2024-01-01,,,2099-01-01\n`,
      'vendors.csv',
    ),
  }),
  'POST /api/v1/orgs/{org}/vendors/refresh': async (_h, o) => ({ params: org(o) }),
  'GET /api/v1/orgs/{org}/vendors/{vendorId}': async (h, o) => ({
    params: { ...org(o), vendorId: (await sampleVendor(h, o)).id },
  }),
  'POST /api/v1/orgs/{org}/vendors/{vendorId}/reviews': async (h, o) => ({
    params: { ...org(o), vendorId: (await sampleVendor(h, o)).id },
    body: { notes: 'report read, nothing to act on', reviewedOn: '2026-12-01', nextReviewOn: '2027-12-01' },
  }),
  'POST /api/v1/orgs/{org}/vendors/{vendorId}/reports': async (h, o) => ({
    params: { ...org(o), vendorId: (await sampleVendor(h, o)).id },
    multipart: multipartFile(
      '%PDF-1.4 report',
      'soc2.pdf',
      'file',
      { kind: 'soc2-type2', periodStart: '2025-07-01', periodEnd: '2026-06-30', receivedOn: '2026-08-01' },
      'application/pdf',
    ),
  }),
  'POST /api/v1/orgs/{org}/vendors/{vendorId}/bridge-letters': async (h, o) => ({
    params: { ...org(o), vendorId: (await sampleVendor(h, o)).id },
    multipart: multipartFile(
      '%PDF-1.4 letter',
      'bridge.pdf',
      'file',
      { coveredFrom: '2026-07-01', coveredTo: '2026-12-31', receivedOn: '2026-10-01' },
      'application/pdf',
    ),
  }),
  'POST /api/v1/orgs/{org}/vendors/{vendorId}/cuecs': async (h, o) => ({
    params: { ...org(o), vendorId: (await sampleVendor(h, o)).id },
    body: { ref: `CUEC-${unique()}`, description: 'Protect the API keys issued to you' },
  }),
  'PUT /api/v1/orgs/{org}/vendors/{vendorId}/cuecs/{cuecId}/controls': async (h, o) => {
    const vendor = await sampleVendor(h, o);
    return {
      params: { ...org(o), vendorId: vendor.id, cuecId: vendor.cuecId },
      body: { controlCodes: ['VM-03'] },
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
  'POST /api/v1/orgs/{org}/exceptions/{exceptionId}/reviews': async (h, o) => {
    const x = await addException(h.store.database, TEST_ACTOR, o.id, {
      controlCode: await buildControl(h, o.id),
      summary: 'late',
      reason: 'leave',
      riskRating: 'high',
      approverEmail: o.otherEmail,
      approvedOn: '2026-11-01',
      expiresOn: '2027-03-01',
    });
    return {
      params: { ...org(o), exceptionId: x.id },
      body: { decision: 'continue', note: 'still needed', reviewedOn: '2026-12-01' },
    };
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
  'GET /api/v1/orgs/{org}/controls/{code}/imported-mappings/{frameworkId}': async (h, o) => ({
    params: { ...org(o), code: await buildControl(h, o.id), frameworkId: await importedFramework(h) },
  }),
  'PUT /api/v1/orgs/{org}/controls/{code}/imported-mappings/{frameworkId}': async (h, o) => ({
    params: { ...org(o), code: await buildControl(h, o.id), frameworkId: await importedFramework(h) },
    body: { criteria: ['m-1'] },
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
  'GET /api/v1/orgs/{org}/releases': async (_h, o) => ({ params: org(o), query: { limit: '5' } }),
  'GET /api/v1/orgs/{org}/changes': async (_h, o) => ({ params: org(o), query: { limit: '5' } }),
  'GET /api/v1/orgs/{org}/changes/repositories': async (_h, o) => ({ params: org(o) }),
  'POST /api/v1/orgs/{org}/changes/imports': async (_h, o) => ({
    params: org(o),
    multipart: multipartFile(gitLogSample(), 'git-log.tsv', 'file', {
      repository: `example-org/changes-${unique()}`,
    }),
  }),
  'GET /api/v1/orgs/{org}/changes/{changeId}': async (h, o) => ({
    params: { ...org(o), changeId: await changeOf(h, o) },
  }),
  'GET /api/v1/orgs/{org}/tickets': async (_h, o) => ({ params: org(o), query: { limit: '5' } }),
  'POST /api/v1/orgs/{org}/tickets/imports': async (_h, o) => ({
    params: org(o),
    multipart: multipartFile(
      linearPageSample(`T${unique().replace(/[^A-Za-z0-9]/g, '')}`),
      'page-1.json',
      'file',
      {
        source: 'linear',
      },
    ),
  }),
  'GET /api/v1/orgs/{org}/tickets/{ticketId}': async (h, o) => ({
    params: { ...org(o), ticketId: await ticketOf(h, o) },
  }),
  'GET /api/v1/orgs/{org}/cadence/settings': async (_h, o) => ({ params: org(o) }),
  'PUT /api/v1/orgs/{org}/cadence/settings': async (_h, o) => ({
    params: org(o),
    body: {
      weekday: 1,
      hour: 7,
      timeZone: 'Europe/Berlin',
      webhookUrl: 'https://hooks.example.test/T0/B0/x',
    },
  }),
  'GET /api/v1/orgs/{org}/cadence/sources': async (_h, o) => ({ params: org(o) }),
  'POST /api/v1/orgs/{org}/cadence/sources': async (_h, o) => ({
    params: org(o),
    body: { kind: 'roster', location: '/srv/hr/roster.csv' },
  }),
  'DELETE /api/v1/orgs/{org}/cadence/sources/{sourceId}': async (h, o) => {
    const source = await addImportSource(
      h.store.database,
      TEST_ACTOR,
      o.id,
      { kind: 'roster', location: '/srv/x.csv' },
      {
        now: () => new Date(),
      },
    );
    return { params: { ...org(o), sourceId: source.id } };
  },
  'GET /api/v1/orgs/{org}/cadence/runs': async (_h, o) => ({ params: org(o) }),
  'GET /api/v1/orgs/{org}/connectors/github': async (_h, o) => ({ params: org(o) }),
  'PUT /api/v1/orgs/{org}/connectors/github/{account}': async (_h, o) => ({
    params: { ...org(o), account: `acme-${unique()}` },
    body: { token: 'github_pat_11SAMPLE0123456789', repositories: ['payments-api'] },
  }),
  'DELETE /api/v1/orgs/{org}/connectors/github/{account}': async (h, o) => {
    const account = `acme-${unique()}`;
    await putGithubConnection(
      h.store.database,
      TEST_ACTOR,
      o.id,
      account,
      { token: 'github_pat_11SAMPLE0123456789' },
      { secretBox: h.app.deps.config.secretBox, clock: { now: () => new Date() } },
    );
    return { params: { ...org(o), account } };
  },
  'GET /api/v1/orgs/{org}/jobs': async (_h, o) => ({ params: org(o), query: { status: 'dead' } }),
  'POST /api/v1/orgs/{org}/jobs/{jobId}/retry': async (h, o) => {
    const queue = tableJobQueue(h.store.database);
    const id = await write(h.store.database, { actor: TEST_ACTOR, orgId: o.id }, (w) =>
      queue.enqueue(w, `sample-${unique()}`, {}, { maxAttempts: 1 }),
    );
    const job = (await queue.claim('sample', [(await queue.get(id!)).task], new Date()))!;
    await queue.fail(job, 'sample failure', new Date());
    return { params: { ...org(o), jobId: id! } };
  },
  'GET /api/v1/orgs/{org}/digests/this-week': async (_h, o) => ({ params: org(o) }),
  'PUT /api/v1/orgs/{org}/digests/preference': async (h, o) => {
    const person = await findPersonByEmail(h.store.database.db, o.id, o.contributorEmail);
    return { params: org(o), body: { personId: person!.id, optOut: false, channel: 'email' } };
  },
  'GET /api/v1/orgs/{org}/readiness/change': async (_h, o) => ({ params: org(o) }),
  'GET /api/v1/orgs/{org}/engagements/{engagementId}/audit': async (h, o) => ({ params: await audit(h, o) }),
  'GET /api/v1/orgs/{org}/engagements/{engagementId}/audit/controls': async (h, o) => ({
    params: await audit(h, o),
  }),
  'GET /api/v1/orgs/{org}/engagements/{engagementId}/audit/evidence': async (h, o) => ({
    params: await audit(h, o),
  }),
  'GET /api/v1/orgs/{org}/engagements/{engagementId}/audit/evidence/{evidenceId}': async (h, o) => ({
    params: { ...(await audit(h, o)), evidenceId: await buildEvidence(h, o.id, await buildControl(h, o.id)) },
  }),
  'GET /api/v1/orgs/{org}/engagements/{engagementId}/audit/evidence/{evidenceId}/content': async (h, o) => ({
    params: { ...(await audit(h, o)), evidenceId: await buildEvidence(h, o.id, await buildControl(h, o.id)) },
  }),
  'GET /api/v1/orgs/{org}/engagements/{engagementId}/audit/findings': async (h, o) => ({
    params: await audit(h, o),
  }),
  'POST /api/v1/orgs/{org}/engagements/{engagementId}/audit/findings': async (h, o) => ({
    params: await audit(h, o),
    body: {
      title: 'Change approved after deployment',
      severity: 'medium',
      controlCodes: [await buildControl(h, o.id)],
      openedOn: '2026-11-01',
    },
  }),
  'GET /api/v1/orgs/{org}/engagements/{engagementId}/audit/activity': async (h, o) => ({
    params: await audit(h, o),
    query: { limit: '5' },
  }),
  'GET /api/v1/orgs/{org}/engagements/{engagementId}/population-kinds': async (h, o) => ({
    params: await audit(h, o),
  }),
  'GET /api/v1/orgs/{org}/engagements/{engagementId}/populations/{kind}': async (h, o) => ({
    params: { ...(await audit(h, o)), kind: 'findings' },
  }),
  'POST /api/v1/orgs/{org}/engagements/{engagementId}/samples': async (h, o) => ({
    params: await audit(h, o),
    body: { kind: 'findings', seed: 'matrix' },
  }),
  'GET /api/v1/orgs/{org}/engagements/{engagementId}/samples': async (h, o) => ({
    params: await audit(h, o),
  }),
  'GET /api/v1/orgs/{org}/engagements/{engagementId}/samples/{sampleId}': async (h, o) => {
    const params = await audit(h, o);
    const sample = await createSample(h.store.database, TEST_ACTOR, o.id, params.engagementId, {
      kind: 'findings',
    });
    return { params: { ...params, sampleId: sample.id } };
  },
  'GET /api/v1/orgs/{org}/engagements/{engagementId}/sample-sizes': async (h, o) => ({
    params: await audit(h, o),
  }),
  'PUT /api/v1/orgs/{org}/engagements/{engagementId}/sample-sizes': async (h, o) => ({
    params: await audit(h, o),
    body: { daily: 30 },
  }),
  'POST /api/v1/auth/sso/sign-out': async () => ({ params: {} }),
  'GET /api/v1/orgs/{org}/sso': async (_h, o) => ({ params: org(o) }),
  'PUT /api/v1/orgs/{org}/sso': async (_h, o) => ({ params: org(o), body: SSO_SAMPLE }),
  // Discovery against a closed local port: answered at once, as a failed test (200, ok false).
  'POST /api/v1/orgs/{org}/sso/test': async (h, o) => {
    await configureSso(h.store.database, TEST_ACTOR, o.id, SSO_SAMPLE, null, h.settings.now());
    return { params: org(o) };
  },
  'GET /api/v1/orgs/{org}/engagements/{engagementId}/requests': async (h, o) => ({
    params: (await requestOf(h, o)).params,
    query: { limit: '5' },
  }),
  'POST /api/v1/orgs/{org}/engagements/{engagementId}/requests': async (h, o) => ({
    params: await audit(h, o),
    body: { reference: `PBC-${unique()}`, text: 'Organizational chart', dueOn: '2027-08-01' },
  }),
  'POST /api/v1/orgs/{org}/engagements/{engagementId}/requests/import': async (h, o) => ({
    params: {
      ...org(o),
      engagementId: (await requestBaseOf(h, o)).engagementId,
    },
    multipart: multipartFile('Request #,Request Description\nPBC-001,Organizational chart\n', 'requests.csv'),
  }),
  'GET /api/v1/orgs/{org}/engagements/{engagementId}/requests/{requestId}': async (h, o) => ({
    params: (await requestOf(h, o)).params,
  }),
  'PATCH /api/v1/orgs/{org}/engagements/{engagementId}/requests/{requestId}': async (h, o) => ({
    params: (await requestOf(h, o)).params,
    body: { assigneeEmail: o.otherEmail, dueOn: '2027-08-02' },
  }),
  'POST /api/v1/orgs/{org}/engagements/{engagementId}/requests/{requestId}/comments': async (h, o) => ({
    params: (await requestOf(h, o)).params,
    body: { message: 'Which period does this cover?' },
  }),
  'GET /api/v1/orgs/{org}/engagements/{engagementId}/requests/{requestId}/evidence-options': async (
    h,
    o,
  ) => ({
    params: (await requestOf(h, o)).params,
  }),
  'POST /api/v1/orgs/{org}/engagements/{engagementId}/requests/{requestId}/answers': async (h, o) => {
    const r = await requestOf(h, o);
    return {
      params: r.params,
      body: { message: 'Attached', evidenceIds: [await buildEvidence(h, o.id, r.controlCode)] },
    };
  },
  'POST /api/v1/orgs/{org}/engagements/{engagementId}/requests/{requestId}/answers/upload': async (h, o) => {
    const r = await requestOf(h, o);
    return {
      params: r.params,
      multipart: multipartFile(`export ${unique()}`, 'export.csv', 'file', {
        requirementCode: `${r.controlCode}-R1`,
        effective: '2026-10-01',
      }),
    };
  },
  'POST /api/v1/orgs/{org}/engagements/{engagementId}/requests/{requestId}/submit': async (h, o) => ({
    params: (await requestOf(h, o, 'answered')).params,
  }),
  'POST /api/v1/orgs/{org}/engagements/{engagementId}/requests/{requestId}/accept': async (h, o) => ({
    params: (await requestOf(h, o, 'submitted')).params,
  }),
  'POST /api/v1/orgs/{org}/engagements/{engagementId}/requests/{requestId}/return': async (h, o) => ({
    params: (await requestOf(h, o, 'submitted')).params,
    body: { reason: 'The export lacks the period end' },
  }),
  'GET /api/v1/orgs/{org}/request-mappings': async (_h, o) => ({ params: org(o) }),
  'PUT /api/v1/orgs/{org}/request-mappings': async (_h, o) => ({
    params: org(o),
    body: { name: 'Example Firm LLP', columns: { reference: 'Request #', text: 'Request Description' } },
  }),
  'GET /api/v1/orgs/{org}/engagements/{engagementId}/package': async (h, o) => ({
    params: await audit(h, o),
  }),
};

/** One engagement and control per organization that the request samples share (built once: the matrix calls them often). */
const requestBases = new Map<string, Promise<{ engagementId: string; controlCode: string }>>();

function requestBaseOf(h: Harness, o: SampleOrg): Promise<{ engagementId: string; controlCode: string }> {
  let base = requestBases.get(o.id);
  if (!base) {
    // The engagement the audit samples name: the matrix's auditor is scoped to it.
    base = (async () => ({
      engagementId: await engagementOf(h, o),
      controlCode: await buildControl(h, o.id),
    }))();
    requestBases.set(o.id, base);
  }
  return base;
}

/** A fresh request on the organization's shared engagement and control, answered or submitted when asked. */
async function requestOf(
  h: Harness,
  o: SampleOrg,
  stage: 'open' | 'answered' | 'submitted' = 'open',
): Promise<{ params: Record<string, string>; controlCode: string }> {
  const db = h.store.database;
  const { engagementId, controlCode } = await requestBaseOf(h, o);
  const request = await createRequest(db, TEST_ACTOR, o.id, engagementId, {
    reference: `PBC-${unique()}`,
    text: 'Access review of production',
    controlCodes: [controlCode],
  });
  if (stage !== 'open') {
    const evidenceId = await buildEvidence(h, o.id, controlCode);
    await answerRequest(db, TEST_ACTOR, o.id, engagementId, request.id, { evidenceIds: [evidenceId] });
  }
  if (stage === 'submitted') await submitRequest(db, TEST_ACTOR, o.id, engagementId, request.id);
  return { params: { ...org(o), engagementId, requestId: request.id }, controlCode };
}

/** Fills `{param}` placeholders of an OpenAPI path. */
export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`sample for ${path} lacks the parameter ${name}`);
    return encodeURIComponent(value);
  });
}
