import type { Actor } from '../../core/ledger/chain.js';
import type { Role } from './policy.js';

/** A signed-in user, through a session cookie. */
export interface UserPrincipal {
  kind: 'user';
  userId: string;
  email: string;
  name: string;
  sessionId: string;
  csrfToken: string;
}

/** An API token, bound to one organization and one role. */
export interface TokenPrincipal {
  kind: 'token';
  tokenId: string;
  prefix: string;
  name: string;
  orgId: string;
  orgSlug: string;
  orgName: string;
  role: Role;
  /** The person accountable for the token, who its "own record" grants act for. */
  ownerPersonId: string | null;
}

/** Whoever presented valid credentials. */
export type Principal = UserPrincipal | TokenPrincipal;

/** The ledger actor for a principal: `{user, id, e-mail}` or `{token, id, token:<prefix>}`. */
export function actorOf(principal: Principal): Actor {
  return principal.kind === 'user'
    ? { type: 'user', id: principal.userId, label: principal.email }
    : { type: 'token', id: principal.tokenId, label: `token:${principal.prefix}` };
}
