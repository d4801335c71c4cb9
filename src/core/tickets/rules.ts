/**
 * The rules that read a ticket history (docs/decisions/0031): who approved it
 * (a move into an approved state by someone other than the reporter), which
 * pull requests and incidents it names, and which evidence requirements it
 * proves under its project's settings. Pure: no I/O, no clock.
 */
import {
  DEFAULT_TICKET_SETTINGS,
  type TicketApproval,
  type TicketFact,
  type TicketPerson,
  type TicketProjectSettings,
} from './types.js';

const lower = (s: string) => s.trim().toLowerCase();

/** True when two people are the same (by id, case-insensitive). */
export function samePerson(a: TicketPerson | null, b: TicketPerson | null): boolean {
  return a !== null && b !== null && lower(a.id) === lower(b.id);
}

/**
 * The approval of a ticket: the first transition into an approved state by
 * someone other than the reporter (`approved`); failing that, one by the
 * reporter (`self-approved`); else `unapproved`. A transition without an
 * actor (automation, a deleted account) approves nothing.
 */
export function ticketApproval(
  ticket: Pick<TicketFact, 'reporter' | 'transitions'>,
  approvedStates: readonly string[],
): TicketApproval {
  const approved = new Set(approvedStates.map(lower));
  let self: TicketApproval | null = null;
  for (const t of ticket.transitions) {
    if (!approved.has(lower(t.to)) || t.by === null) continue;
    if (!samePerson(t.by, ticket.reporter)) return { status: 'approved', by: t.by, at: t.at, state: t.to };
    self ??= { status: 'self-approved', by: t.by, at: t.at, state: t.to };
  }
  return self ?? { status: 'unapproved', by: null, at: null, state: null };
}

const PR_URL = /https?:\/\/github\.com\/([\w.-]+)\/([\w.-]+)\/pull\/(\d+)/gi;
const PR_REF = /(?<![\w./-])([A-Za-z0-9][\w.-]*)\/([\w.-]+)#(\d+)\b/g;

/**
 * The pull requests a text names, as `owner/repo#123` (sorted, distinct):
 * GitHub pull request URLs and `owner/repo#123` references.
 */
export function pullLinksIn(texts: readonly string[]): string[] {
  const out = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(PR_URL)) out.add(`${m[1]}/${m[2]!.replace(/\.git$/, '')}#${Number(m[3])}`);
    for (const m of text.matchAll(PR_REF)) out.add(`${m[1]}/${m[2]}#${Number(m[3])}`);
  }
  return [...out].sort();
}

/** The incident keys (`INC-42`) a text names, for the given key prefixes (sorted, distinct, upper-case). */
export function incidentKeysIn(
  texts: readonly string[],
  prefixes: readonly string[],
  ownKey: string | null = null,
): string[] {
  if (prefixes.length === 0) return [];
  const alternatives = prefixes.map((p) => p.replace(/[^A-Za-z0-9]/g, '')).filter((p) => p !== '');
  if (alternatives.length === 0) return [];
  const pattern = new RegExp(`\\b(${alternatives.join('|')})-(\\d+)\\b`, 'gi');
  const out = new Set<string>();
  for (const text of texts)
    for (const m of text.matchAll(pattern)) out.add(`${m[1]!.toUpperCase()}-${Number(m[2])}`);
  if (ownKey) out.delete(ownKey.toUpperCase());
  return [...out].sort();
}

/** A ticket's approval under its project's settings: `not-required` for the types nobody approves. */
export function ticketApprovalUnder(
  ticket: Pick<TicketFact, 'reporter' | 'transitions' | 'type'>,
  settings: TicketProjectSettings,
): TicketApproval {
  if (settings.typesWithoutApproval.some((t) => lower(t) === lower(ticket.type)))
    return { status: 'not-required', by: null, at: null, state: null };
  return ticketApproval(ticket, settings.approvedStates);
}

/** The requirement codes a ticket of `type` proves: the type's entry (case-insensitive), else `*`, else none. */
export function requirementsOfType(settings: TicketProjectSettings, type: string): string[] {
  const wanted = lower(type);
  for (const [name, codes] of Object.entries(settings.requirements))
    if (name !== '*' && lower(name) === wanted) return [...codes];
  return [...(settings.requirements['*'] ?? [])];
}

/** A project's settings: the stored or given ones over the defaults (a given `requirements` replaces the default map). */
export function projectSettings(
  ...layers: (Partial<TicketProjectSettings> | undefined)[]
): TicketProjectSettings {
  let out: TicketProjectSettings = {
    ...DEFAULT_TICKET_SETTINGS,
    requirements: { ...DEFAULT_TICKET_SETTINGS.requirements },
  };
  for (const layer of layers) if (layer) out = { ...out, ...layer };
  return out;
}

/** The project key of a ticket key (`PAY-123` → `PAY`). */
export function projectOfKey(key: string): string {
  const dash = key.lastIndexOf('-');
  return dash > 0 ? key.slice(0, dash) : key;
}
