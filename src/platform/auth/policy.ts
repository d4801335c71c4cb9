import { z } from 'zod';

/**
 * Who may do what, declared per concept: the one table every API route is
 * checked against (src/server/guard.ts enforces it). A route names a
 * concept and an action; a role either holds the grant, holds it only for
 * records it owns (a contributor and the controls whose owner is the person
 * linked to their membership), or does not hold it (403). The auditor role
 * holds only engagement-scoped grants ({@link AUDITOR_OF_ENGAGEMENT}): the
 * route's path names an engagement (`:engagementId`) and it must be the one
 * the auditor's membership is scoped to (SPEC §9); every other route denies
 * an auditor.
 */

/** The roles a membership or an API token carries. */
export const ROLES = ['admin', 'compliance-lead', 'contributor', 'viewer', 'auditor'] as const;
/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];

/** Kinds of record a contributor can own (the route's path names the record). */
export type OwnedRecord = 'control' | 'finding';

/**
 * A role holds an action outright, only on records it owns, or (auditors)
 * only inside the engagement its membership is scoped to.
 */
export type Grant = Role | { role: Role; own: OwnedRecord } | { role: 'auditor'; engagement: true };

const MEMBERS = ['admin', 'compliance-lead', 'contributor', 'viewer'] as const satisfies Role[];
const LEADS = ['admin', 'compliance-lead'] as const satisfies Role[];
const ADMINS = ['admin'] as const satisfies Role[];
const OWN_CONTROL = { role: 'contributor', own: 'control' } as const satisfies Grant;
const OWN_FINDING = { role: 'contributor', own: 'finding' } as const satisfies Grant;
const CONTRIBUTORS = ['admin', 'compliance-lead', 'contributor'] as const satisfies Role[];
/**
 * An auditor, on a route whose path names the engagement its membership is
 * scoped to (`:engagementId`); the guard answers 404 for any other engagement.
 */
export const AUDITOR_OF_ENGAGEMENT = { role: 'auditor', engagement: true } as const satisfies Grant;

/**
 * The policy table: concept → action → grants. Add a concept here together
 * with its routes file; a route naming an action missing here fails startup.
 */
export const POLICY = {
  organization: { read: MEMBERS, update: ADMINS },
  member: { read: ADMINS, create: ADMINS, update: ADMINS, disable: ADMINS },
  'api-token': { read: ADMINS, create: ADMINS, revoke: ADMINS },
  person: { read: MEMBERS, create: LEADS, update: LEADS, import: LEADS },
  // Frameworks are installation-wide: importing one (an OSCAL catalog) is for admins.
  framework: { read: MEMBERS, import: ADMINS },
  control: {
    read: MEMBERS,
    export: MEMBERS,
    create: LEADS,
    update: [...LEADS, OWN_CONTROL],
    delete: LEADS,
    assign: LEADS,
    map: LEADS,
    import: LEADS,
  },
  activity: { read: MEMBERS, verify: MEMBERS },
  // Contributors upload evidence for any control (owners are often not the ones who hold the export);
  // only leads decide whether it is accepted.
  evidence: { read: MEMBERS, download: MEMBERS, create: CONTRIBUTORS, review: LEADS },
  engagement: { read: MEMBERS, create: LEADS, update: LEADS },
  plan: { read: MEMBERS, complete: LEADS },
  exception: { read: MEMBERS, create: LEADS, approve: LEADS, close: LEADS, review: LEADS },
  finding: { read: MEMBERS, create: LEADS, resolve: [...LEADS, OWN_FINDING], update: LEADS },
  readiness: { read: MEMBERS },
  // Downloads (spreadsheets, OSCAL documents, the PDF report) of what every member can read.
  report: { export: MEMBERS },
  // The NHI inventory: every member reads it. Importing is for leads only, unlike evidence uploads: an
  // import is accepted as evidence by the system (no review step follows), rewrites the inventory, and a
  // complete export offboards whatever it no longer lists. Contributors hand exports to a lead; automation
  // imports with an API token that carries a lead role. Owners, reviews and rule thresholds: leads.
  nhi: { read: MEMBERS, import: LEADS, assign: LEADS, review: LEADS, configure: LEADS },
  change: { read: MEMBERS, import: LEADS },
  // Ticket histories: like changes, an import is accepted as evidence by the system, so leads import.
  ticket: { read: MEMBERS, import: LEADS },
  // Single sign-on decides who becomes a member with which role: admins only.
  sso: { read: ADMINS, configure: ADMINS, test: ADMINS },
  // Access reviews: leads open campaigns, import account lists and complete; deciding is for the reviewers
  // named on the campaign (the service refuses anyone else, and a reviewer's own access), leads may record
  // for a named reviewer.
  'access-review': {
    read: MEMBERS,
    create: LEADS,
    import: LEADS,
    decide: CONTRIBUTORS,
    complete: LEADS,
    close: LEADS,
  },
  // Incidents (docs/decisions/0027): every member reads the register; whoever handles an incident (contributors
  // up) declares and updates it, its timeline and follow-ups; importing a register and refreshing the rule
  // findings is for leads. IR tests are recorded by leads: the record becomes evidence accepted by the system.
  incident: { read: MEMBERS, create: CONTRIBUTORS, update: CONTRIBUTORS, import: LEADS },
  'ir-test': { read: MEMBERS, create: LEADS },
  // Policies: leads write, version and approve them and import acknowledgement exports; every member reads
  // them. Contributors acknowledge the version in force as their own person (the service refuses a membership
  // with none); leads may record one for a named person. Viewers' acknowledgements come from the HR export.
  policy: {
    read: MEMBERS,
    create: LEADS,
    version: LEADS,
    approve: LEADS,
    import: LEADS,
    acknowledge: CONTRIBUTORS,
  },
  // Vendor oversight: every member reads the register; leads keep it (add, import, review, CUEC mapping, refresh).
  // Contributors file a vendor's report or bridge letter like any evidence upload: it lands submitted, a lead reviews it.
  vendor: {
    read: MEMBERS,
    create: LEADS,
    import: LEADS,
    review: LEADS,
    upload: CONTRIBUTORS,
    map: LEADS,
    refresh: LEADS,
  },
  // The weekly run: leads see its runs, jobs and dead letters and retry them; admins set when it runs, where
  // digests go (SMTP, webhook: secrets) and which server files it imports. Every member reads their own digest;
  // contributors and leads set their own digest preference (leads anyone's: checked by the service).
  cadence: { read: LEADS, retry: LEADS, configure: ADMINS },
  digest: { read: MEMBERS, update: CONTRIBUTORS },
  // The audit's requests (docs/decisions/0021): the engagement's auditor reads, creates, comments on, accepts and
  // returns them; the company's contributors answer and submit; leads import lists, assign, date and map them.
  request: {
    read: [...MEMBERS, AUDITOR_OF_ENGAGEMENT],
    create: [...LEADS, AUDITOR_OF_ENGAGEMENT],
    import: LEADS,
    update: LEADS,
    comment: [...CONTRIBUTORS, AUDITOR_OF_ENGAGEMENT],
    answer: CONTRIBUTORS,
    review: [AUDITOR_OF_ENGAGEMENT],
  },
  // The auditor's views of one engagement (docs/decisions/0022): members read them for any engagement,
  // an auditor only for their own; raising a finding there is the auditor's (or a lead's) act.
  audit: { read: [...MEMBERS, AUDITOR_OF_ENGAGEMENT], raise: [...LEADS, AUDITOR_OF_ENGAGEMENT] },
  // Samples drawn from an engagement's populations, and the firm's sample sizes.
  sample: { read: [...MEMBERS, AUDITOR_OF_ENGAGEMENT], create: [...LEADS, AUDITOR_OF_ENGAGEMENT] },
  // The signed evidence package of an engagement: leads hand it over, the engagement's auditor takes it.
  package: { export: [...LEADS, AUDITOR_OF_ENGAGEMENT] },
} as const satisfies Record<string, Record<string, readonly Grant[]>>;

/** A concept of the policy table. */
export type Concept = keyof typeof POLICY;
/** The actions declared for one concept. */
export type ActionOf<C extends Concept> = keyof (typeof POLICY)[C] & string;

/** What a route requires: nothing, a signed-in principal, a user session, or a grant in the organization of its path. */
export type RoutePolicy =
  | 'public'
  | 'signed-in'
  | 'user-session'
  | { [C in Concept]: { concept: C; action: ActionOf<C> } }[Concept];

/** The outcome of a policy check before ownership (or the auditor's engagement) is known. */
export type Decision =
  | { allow: true }
  | { allow: false }
  | { allow: 'own'; record: OwnedRecord }
  | { allow: 'engagement' };

/** True when the concept and action are declared in the table. */
export function isDeclared(concept: string, action: string): boolean {
  const actions = (POLICY as Record<string, Record<string, readonly Grant[]>>)[concept];
  return actions !== undefined && Object.hasOwn(actions, action);
}

/** The grants of one action (empty when undeclared, which therefore denies everyone). */
export function grantsOf(concept: string, action: string): readonly Grant[] {
  if (!isDeclared(concept, action)) return [];
  return (POLICY as Record<string, Record<string, readonly Grant[]>>)[concept]![action]!;
}

/** Evaluates the table for one role: allowed, denied, or allowed only on records the caller owns. */
export function decide(concept: string, action: string, role: Role): Decision {
  let own: OwnedRecord | null = null;
  for (const grant of grantsOf(concept, action)) {
    if (grant === role) return { allow: true };
    if (typeof grant === 'object' && grant.role === role) {
      if ('engagement' in grant) return { allow: 'engagement' };
      own = grant.own;
    }
  }
  return own ? { allow: 'own', record: own } : { allow: false };
}

/** Describes a route policy for documentation (`x-policy` in the OpenAPI document). */
export function describePolicy(policy: RoutePolicy): Record<string, unknown> {
  if (typeof policy === 'string') return { kind: policy };
  const grants = grantsOf(policy.concept, policy.action).map((g) =>
    typeof g === 'string' ? g : 'engagement' in g ? `${g.role} (own engagement)` : `${g.role} (own ${g.own})`,
  );
  return { kind: 'organization', concept: policy.concept, action: policy.action, grants };
}

/**
 * What one role may do: every concept and action of the table, `true`,
 * `false`, `'own'` (records it owns) or `'engagement'` (inside the auditor's engagement).
 */
export type Capabilities = { [C in Concept]: { [A in ActionOf<C>]: boolean | 'own' | 'engagement' } };

/**
 * The table read for one role: what the session answer sends with each
 * membership (`can`), so the web hides what the guard would refuse without
 * a second table of its own (docs/decisions/0014).
 */
export function capabilitiesOf(role: Role): Capabilities {
  const can: Record<string, Record<string, boolean | 'own' | 'engagement'>> = {};
  for (const [concept, actions] of Object.entries(POLICY)) {
    can[concept] = {};
    for (const action of Object.keys(actions)) {
      can[concept][action] = decide(concept, action, role).allow;
    }
  }
  return can as Capabilities;
}

const capabilitySchema = z.union([z.boolean(), z.literal('own'), z.literal('engagement')]);

/** The zod schema of {@link Capabilities}, built from the same table. */
export const capabilitiesSchema = z.object(
  Object.fromEntries(
    Object.entries(POLICY).map(([concept, actions]) => [
      concept,
      z.object(Object.fromEntries(Object.keys(actions).map((action) => [action, capabilitySchema]))),
    ]),
  ),
) as unknown as z.ZodType<Capabilities>;
