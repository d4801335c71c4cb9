import type { FastifyReply, FastifyRequest } from 'fastify';
import { publicUrlIsHttps } from './config.js';

/** The name of the session cookie. */
export const SESSION_COOKIE = 'auditready_session';

/** The session token a request carries in its cookie, if any. */
export function sessionTokenOf(request: FastifyRequest): string | undefined {
  return request.cookies[SESSION_COOKIE] || undefined;
}

/**
 * Whether a request reached the server over TLS: directly, through a trusted
 * proxy that says so (`AUDITREADY_TRUST_PROXY`), or because the public URL
 * people use is https (`AUDITREADY_PUBLIC_URL`), which holds behind a TLS
 * proxy that is not trusted, or whose header is lost on the way.
 */
export function arrivedOverTls(request: FastifyRequest): boolean {
  return request.protocol === 'https' || publicUrlIsHttps(request.server.deps.config);
}

/**
 * Sets the session cookie: HttpOnly (no script can read it), SameSite=Lax
 * (not sent on cross-site writes), Secure whenever the request arrived over
 * TLS ({@link arrivedOverTls}).
 */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  session: { token: string; expiresAt: string },
): void {
  reply.setCookie(SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: arrivedOverTls(request),
    path: '/',
    expires: new Date(session.expiresAt),
  });
}

/** Clears the session cookie. */
export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'lax',
    secure: arrivedOverTls(request),
    path: '/',
  });
}
