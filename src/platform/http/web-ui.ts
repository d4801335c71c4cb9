import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { shippedFile } from '../files/package-root.js';
import type { App } from './app.js';
import { sendError } from './errors.js';
import { API_PREFIX } from './route-policy.js';

/** The API reference (Swagger UI) that `/docs` leads to. */
export const API_DOCS = `${API_PREFIX}/docs`;

/** Where `npm run build` writes the web UI. */
export const WEB_DIST = shippedFile('web', 'dist');

/**
 * The UI's Content-Security-Policy (only on the UI's own files; the API keeps
 * its deny-all policy): scripts, fetches, fonts and images from this origin
 * only, no inline scripts. Inline styles are allowed because the component
 * library writes its theme variables into a `<style>` element.
 */
export const UI_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

function listFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.set(`/${relative(dir, full).split(sep).join('/')}`, full);
    }
  };
  walk(dir);
  return files;
}

/**
 * Serves the built web UI from `web/dist` on the same origin as the API:
 * hashed assets with a year-long immutable cache, every other GET outside
 * `/api` answered with index.html (the client-side router takes it from there).
 * Does nothing when the UI has not been built.
 */
export function webUi(dist: string = WEB_DIST) {
  return async (app: App): Promise<void> => {
    // `/docs` is the API reference (Swagger UI), also when the UI is not built.
    app.get('/docs', { schema: { hide: true } }, async (_request, reply) => reply.redirect(API_DOCS));
    if (!existsSync(join(dist, 'index.html'))) {
      app.log.warn(`web UI not built (${dist} is missing): run npm run build`);
      return;
    }
    const files = listFiles(dist);
    const index = join(dist, 'index.html');
    app.get('/*', { schema: { hide: true } }, async (request, reply) => {
      const path = decodeURIComponent(request.url.split('?')[0] ?? '/');
      if (path === API_PREFIX || path.startsWith(`${API_PREFIX}/`) || path.startsWith('/api/'))
        return sendError(reply, 'not_found', 'no such route');
      const file = files.get(path);
      const target = file ?? index;
      if (!file && extname(path) !== '') return sendError(reply, 'not_found', `no such file ${path}`);
      reply.header('content-security-policy', UI_CSP);
      reply.header(
        'cache-control',
        file && path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
      reply.type(TYPES[extname(target)] ?? 'application/octet-stream');
      return reply.send(createReadStream(target));
    });
  };
}
