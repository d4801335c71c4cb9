import type { FastifyReply, FastifyRequest } from 'fastify';

/** The name of the session cookie. */
export const SESSION_COOKIE = 'auditready_session';

/** The session token a request carries in its cookie, if any. */
export function sessionTokenOf(request: FastifyRequest): string | undefined {
  return request.cookies[SESSION_COOKIE] || undefined;
}

/**
 * Sets the session cookie: HttpOnly (no script can read it), SameSite=Lax
 * (not sent on cross-site writes), Secure whenever the request arrived over
 * TLS (directly, or through a trusted proxy that says so).
 */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  session: { token: string; expiresAt: string },
): void {
  reply.setCookie(SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    path: '/',
    expires: new Date(session.expiresAt),
  });
}

/** Clears the session cookie. */
export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    path: '/',
  });
}
