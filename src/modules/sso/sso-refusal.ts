/**
 * Refused SSO sign-ins: why (a code the sign-in page shows and the message a
 * person reads), openid-client's errors mapped to those reasons, and the
 * ledger entry each refusal leaves.
 */
import type { Actor } from '../../core/ledger/chain.js';
import type { Database } from '../../platform/db/database.js';
import { write } from '../../platform/ledger/ledger.js';
import type { ClientInfo } from '../users/session.service.js';
import { describeError } from './sso-config.service.js';

/** Who writes what a sign-in changes. */
export const SSO_ACTOR: Actor = { type: 'system', id: 'sso', label: 'single-sign-on' };

/** Why an SSO sign-in was refused: a code for the sign-in page, and the message a person reads. */
export type SsoRefusalReason =
  | 'not-configured'
  | 'wrong-state'
  | 'wrong-browser'
  | 'expired-login'
  | 'replayed'
  | 'provider-error'
  | 'code-rejected'
  | 'wrong-nonce'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'token-expired'
  | 'bad-signature'
  | 'invalid-response'
  | 'email-missing'
  | 'email-unverified'
  | 'user-disabled'
  | 'member-removed'
  | 'provider-unreachable';

const MESSAGES: Record<SsoRefusalReason, string> = {
  'not-configured': 'this organization has no single sign-on enabled',
  'wrong-state': 'the sign-in answer does not belong to a sign-in started here (wrong state); start again',
  'wrong-browser': 'the sign-in was started in another browser; start again here',
  'expired-login': 'the sign-in took too long; start again',
  replayed: 'this sign-in answer was already used; start again',
  'provider-error': 'the identity provider refused the sign-in',
  'code-rejected':
    'the identity provider rejected the sign-in code (used already, or not issued for this sign-in)',
  'wrong-nonce': 'the ID token does not belong to this sign-in (wrong nonce)',
  'wrong-issuer': 'the answer comes from another identity provider than the one configured (wrong issuer)',
  'wrong-audience': 'the ID token was issued for another application (wrong audience)',
  'token-expired': 'the ID token has expired (or is not valid yet); check the clocks and start again',
  'bad-signature': 'the ID token signature does not verify against the provider keys',
  'invalid-response': 'the identity provider answered something that is not a valid sign-in',
  'email-missing':
    'the identity provider sent no e-mail address; ask your administrator to release the email claim',
  'email-unverified': 'the identity provider has not verified your e-mail address; verify it there first',
  'user-disabled': 'this account is disabled',
  'member-removed': 'your membership of this organization was removed; ask its admin',
  'provider-unreachable': 'the identity provider could not be reached',
};

/** A refused SSO sign-in: recorded on the ledger; the sign-in page shows the message. */
export class SsoRefusal extends Error {
  constructor(
    readonly reason: SsoRefusalReason,
    readonly detail: string | null = null,
  ) {
    super(MESSAGES[reason]);
  }
}

/** Records a refused SSO sign-in on the organization's chain (or the installation's when none is known). */
export async function recordRefusal(
  database: Database,
  orgId: string | null,
  refusal: SsoRefusal,
  client: ClientInfo,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await write(database, { actor: SSO_ACTOR, orgId }, async (w) => {
    w.record({
      action: 'sso-sign-in-failed',
      recordType: 'sso-login',
      recordId: orgId ?? 'unknown',
      change: { reason: refusal.reason, detail: refusal.detail, ip: client.ip, ...extra },
    });
  });
}

/** Maps openid-client's errors (which wrap oauth4webapi's, whose cause names the claim) to a refusal a person can read. */
export function refusalOf(err: unknown): SsoRefusal {
  type OAuthError = {
    code?: string;
    error?: string;
    error_description?: string;
    cause?: unknown;
    message?: string;
  };
  const outer = err as OAuthError;
  const inner = (outer.cause instanceof Error ? outer.cause : outer) as OAuthError;
  const detail = describeError(err);
  const cause = (inner.cause ?? {}) as { claim?: string };
  const message = inner.message ?? '';
  switch (outer.code) {
    case 'OAUTH_AUTHORIZATION_RESPONSE_ERROR':
      return new SsoRefusal('provider-error', `${outer.error ?? ''} ${outer.error_description ?? ''}`.trim());
    case 'OAUTH_RESPONSE_BODY_ERROR':
      return new SsoRefusal(outer.error === 'invalid_grant' ? 'code-rejected' : 'provider-error', detail);
    case 'OAUTH_JWT_CLAIM_COMPARISON_FAILED':
      if (cause.claim === 'nonce') return new SsoRefusal('wrong-nonce', detail);
      if (cause.claim === 'iss') return new SsoRefusal('wrong-issuer', detail);
      if (cause.claim === 'aud' || cause.claim === 'azp') return new SsoRefusal('wrong-audience', detail);
      return new SsoRefusal('invalid-response', detail);
    case 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED':
      return new SsoRefusal('token-expired', detail);
    case 'OAUTH_JWS_SIGNATURE_VERIFICATION_FAILED':
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
    case 'OAUTH_KEY_SELECTION_FAILED':
      return new SsoRefusal('bad-signature', detail);
    case 'OAUTH_INVALID_RESPONSE':
      if (/"iss"/.test(message)) return new SsoRefusal('wrong-issuer', detail);
      if (/"state"/.test(message)) return new SsoRefusal('wrong-state', detail);
      return new SsoRefusal('invalid-response', detail);
    default:
      if (err instanceof TypeError) return new SsoRefusal('provider-unreachable', detail);
      return new SsoRefusal('invalid-response', detail);
  }
}
