import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { safeFileName } from '../platform/files/safe-file-name.js';
import { checkRoutePolicy } from '../platform/http/route-policy.js';
import { API_ROUTES } from './api-routes.js';

const MODULES = path.resolve(import.meta.dirname, '../modules');

describe('route registry and startup checks', () => {
  it('registers every *.routes.ts of the modules', async () => {
    const files = readdirSync(MODULES, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.routes.ts'),
    );
    expect(files.length).toBeGreaterThanOrEqual(API_ROUTES.length);
    const unregistered: string[] = [];
    for (const file of files) {
      const mod = (await import(path.join(MODULES, file))) as Record<string, unknown>;
      const plugins = Object.values(mod).filter((v) => typeof v === 'function');
      if (
        plugins.length === 0 ||
        !plugins.every((p) => API_ROUTES.includes(p as (typeof API_ROUTES)[number]))
      ) {
        unregistered.push(file);
      }
    }
    expect(unregistered, 'add these routes files to src/server/api-routes.ts').toEqual([]);
  });

  it('refuses an API route without a policy, with an undeclared one, or org-scoped without /orgs/:org', () => {
    expect(() => checkRoutePolicy({ url: '/api/v1/things', method: 'GET' })).toThrow('declares no policy');
    expect(() =>
      checkRoutePolicy({
        url: '/api/v1/orgs/:org/controls',
        method: 'GET',
        config: { policy: { concept: 'control', action: 'fly' as 'read' } },
      }),
    ).toThrow('not in the policy table');
    expect(() =>
      checkRoutePolicy({
        url: '/api/v1/controls',
        method: 'GET',
        config: { policy: { concept: 'control', action: 'read' } },
      }),
    ).toThrow('needs /orgs/:org');
    expect(() => checkRoutePolicy({ url: '/healthz', method: 'GET' })).not.toThrow();
    expect(() => checkRoutePolicy({ url: '/api/v1/docs/static/x.js', method: 'GET' })).not.toThrow();
    expect(() =>
      checkRoutePolicy({
        url: '/api/v1/orgs/:org',
        method: 'GET',
        config: { policy: { concept: 'organization', action: 'read' } },
      }),
    ).not.toThrow();
  });

  it('reduces upload names to safe base names', () => {
    expect(safeFileName('../../etc/passwd', 'x')).toBe('passwd');
    expect(safeFileName('C:\\Users\\me\\roster.csv', 'x')).toBe('roster.csv');
    expect(safeFileName('my roster (v2).csv', 'x')).toBe('my roster (v2).csv');
    expect(safeFileName('...', 'fallback.csv')).toBe('fallback.csv');
    expect(safeFileName(undefined, 'fallback.csv')).toBe('fallback.csv');
  });
});
