import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { INPUT_BOUNDS_ERROR } from './input-bounds.js';
import { routeErrors, routeErrorsByStatus } from './route-errors.js';

const orgParams = z.object({ org: z.string() });
const statuses = (route: Parameters<typeof routeErrorsByStatus>[0]) => [...routeErrorsByStatus(route).keys()];
const codes = (route: Parameters<typeof routeErrors>[0]) => routeErrors(route).map((e) => e.code);

describe('the errors a route can answer with', () => {
  it('an organization read with no input past the organization: the guard, the input bounds and what every route meets', () => {
    const route = {
      method: 'GET',
      schema: { params: orgParams },
      config: { policy: { concept: 'control', action: 'read' } as const },
    };
    expect(statuses(route)).toEqual([400, 401, 403, 404, 429, 500, 503]);
    // The only 400: the input bounds every request passes (no schema past the organization to validate).
    expect(routeErrorsByStatus(route).get(400)).toEqual([INPUT_BOUNDS_ERROR]);
    // The role check's 403, not the CSRF one: a read is a safe method.
    expect(routeErrors(route).filter((e) => e.code === 'forbidden')).toEqual([
      { code: 'forbidden', reason: "the caller's role may not read control here" },
    ]);
  });

  it('validation when a query, a body, or a path parameter past the organization is checked', () => {
    const policy = { concept: 'control', action: 'read' } as const;
    expect(
      statuses({
        method: 'GET',
        schema: { params: orgParams, querystring: z.object({}) },
        config: { policy },
      }),
    ).toContain(400);
    expect(
      statuses({
        method: 'GET',
        schema: { params: orgParams.extend({ code: z.string() }) },
        config: { policy },
      }),
    ).toContain(400);
    // On a route without an organization policy, the organization is a parameter like any other.
    expect(
      statuses({ method: 'GET', schema: { params: orgParams }, config: { policy: 'signed-in' } }),
    ).toEqual([400, 401, 404, 429, 500, 503]);
    // A record the path names may not exist.
    const byCode = {
      method: 'GET',
      schema: { params: orgParams.extend({ code: z.string() }) },
      config: { policy },
    };
    expect(routeErrorsByStatus(byCode).get(404)).toEqual([
      { code: 'not_found', reason: 'no such organization, or the caller is not a member of it' },
      { code: 'not_found', reason: 'the code named in the path does not exist here' },
    ]);
  });

  it('a write: CSRF, and a body that is malformed, too large or not JSON', () => {
    const route = {
      method: 'POST',
      schema: { params: orgParams, body: z.object({ name: z.string() }) },
      config: { policy: { concept: 'control', action: 'create' } as const },
    };
    expect(statuses(route)).toEqual([400, 401, 403, 404, 413, 415, 429, 500, 503]);
    expect(routeErrors(route).map((e) => e.reason)).toContain(
      'a session cookie without its X-CSRF-Token header',
    );
    // DELETE reads a body when one is sent.
    expect(statuses({ method: 'DELETE', config: { policy: 'signed-in' } })).toContain(415);
  });

  it('the guard by policy: public routes refuse only a bad API token, user-session routes refuse tokens', () => {
    expect(codes({ method: 'GET', config: { policy: 'public' } })).toEqual([
      'unauthenticated',
      'invalid_input',
      'rate_limited',
      'unavailable',
      'internal',
    ]);
    expect(routeErrors({ method: 'GET', config: { policy: 'user-session' } })).toContainEqual({
      code: 'forbidden',
      reason: 'an API token where a signed-in user is needed',
    });
  });

  it('uploads, form fields and the codes a route declares its service raises, each with its reason', () => {
    const route = {
      method: 'POST',
      schema: { params: orgParams },
      config: {
        policy: { concept: 'evidence', action: 'create' } as const,
        multipartFile: 'file',
        multipartFields: z.object({ controlCode: z.string() }),
        raises: { conflict: 'already superseded', import_failed: 'a bad row' },
      },
    };
    const byStatus = routeErrorsByStatus(route);
    expect([...byStatus.keys()]).toEqual([400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 503]);
    expect(byStatus.get(409)).toEqual([{ code: 'conflict', reason: 'already superseded' }]);
    expect(byStatus.get(413)!.map((e) => e.reason)).toContain(
      'the file is larger than the upload limit (nothing is stored)',
    );
    expect(byStatus.get(400)!.map((e) => e.reason)).toContain('form fields that fail validation');
    // Each reason once, even when two sources name it.
    const reasons = routeErrors(route).map((e) => `${e.code} ${e.reason}`);
    expect(new Set(reasons).size).toBe(reasons.length);
  });
});
