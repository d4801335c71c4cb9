/**
 * Ticket histories as evidence (issue 23 item 3, docs/decisions/0031): the
 * facts an import reads from a Jira or Linear export, and the per-project
 * settings that judge them. Pure data; the rules are in `rules.ts`.
 */

/** The trackers a ticket history is imported from. */
export const TICKET_SOURCES = ['jira', 'linear'] as const;
export type TicketSource = (typeof TICKET_SOURCES)[number];

/** Someone named by the tracker: `id` compares (account id, else email, else name), `name` is shown. */
export interface TicketPerson {
  id: string;
  name: string;
}

/** One status change of a ticket: from, to, who and when (ISO-8601 UTC). */
export interface TicketTransition {
  from: string | null;
  to: string;
  by: TicketPerson | null;
  at: string;
}

/** One ticket as an export describes it. */
export interface TicketFact {
  source: TicketSource;
  /** `PAY-123` (Jira key, Linear identifier). */
  key: string;
  /** The project (Jira) or team (Linear) key: the prefix of the key. */
  project: string;
  /** The issue type (Jira) or the first label the project maps (Linear; `Issue` without one). */
  type: string;
  title: string;
  status: string;
  reporter: TicketPerson | null;
  createdAt: string;
  url: string | null;
  /** Status changes, oldest first. */
  transitions: TicketTransition[];
  /** Pull requests the ticket names, normalized `owner/repo#123`, sorted. */
  pullLinks: string[];
  /** Incident keys the ticket names (`INC-42`), sorted. */
  incidentKeys: string[];
}

/** How the tickets of one project are judged and where they are recorded as evidence. */
export interface TicketProjectSettings {
  /** Status names (case-insensitive) whose entry by someone other than the reporter is an approval. */
  approvedStates: string[];
  /** Evidence requirement codes per issue type (case-insensitive type names); `*` for any other type. */
  requirements: Record<string, string[]>;
  /** Key prefixes of incident tickets (`INC` makes `INC-42` in a ticket's text an incident link). */
  incidentPrefixes: string[];
  /** Issue types (case-insensitive) nobody approves (incidents are handled, not approved). */
  typesWithoutApproval: string[];
}

/** The starter requirements ticket histories prove (change management, incident records, access requests). */
export const TICKET_REQUIREMENTS = {
  changeManagement: 'CM-04-E2',
  incidentResponse: 'IR-02-E2',
  accessProvisioning: 'AC-04-E2',
} as const;

/** The settings of a project nobody configured. */
export const DEFAULT_TICKET_SETTINGS: TicketProjectSettings = {
  approvedStates: ['Approved', 'Ready for Release', 'Ready to Deploy'],
  requirements: {
    Bug: [TICKET_REQUIREMENTS.changeManagement],
    Story: [TICKET_REQUIREMENTS.changeManagement],
    Task: [TICKET_REQUIREMENTS.changeManagement],
    Change: [TICKET_REQUIREMENTS.changeManagement],
    Feature: [TICKET_REQUIREMENTS.changeManagement],
    Improvement: [TICKET_REQUIREMENTS.changeManagement],
    Incident: [TICKET_REQUIREMENTS.incidentResponse],
    'Access Request': [TICKET_REQUIREMENTS.accessProvisioning],
  },
  incidentPrefixes: ['INC'],
  typesWithoutApproval: ['Incident'],
};

/** A ticket's approval: by someone other than the reporter, only by the reporter, none, or none needed (its type). */
export const TICKET_APPROVAL_STATUSES = ['approved', 'self-approved', 'unapproved', 'not-required'] as const;
export type TicketApprovalStatus = (typeof TICKET_APPROVAL_STATUSES)[number];

/** What the approval rule found. */
export interface TicketApproval {
  status: TicketApprovalStatus;
  /** The approving transition (the first independent one; for self-approved, the reporter's). */
  by: TicketPerson | null;
  at: string | null;
  state: string | null;
}
