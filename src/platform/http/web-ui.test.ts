import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { webUi } from './web-ui.js';

describe('web UI files', () => {
  it('sends /docs to the API reference and other paths to the app', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'web-ui-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>auditready</title>');
    writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const app = Fastify();
    await app.register(webUi(dist) as unknown as (app: unknown) => Promise<void>);
    const docs = await app.inject({ method: 'GET', url: '/docs' });
    expect(docs.statusCode).toBe(302);
    expect(docs.headers.location).toBe('/api/v1/docs');
    const page = await app.inject({ method: 'GET', url: '/o/acme/no-such-page' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>auditready</title>');
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.headers['content-type']).toBe('image/svg+xml');
    await app.close();
  });
});
