import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The console's pages may load only what the gateway itself serves: its hashed scripts and stylesheets, and API
 * calls to the same origin. No inline script or style, no frames, no other origin.
 */
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
  "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/** Vite names every built asset by its content hash: a changed file is a new URL, so a year of caching is safe. */
const HASHED_ASSETS = 'assets/';
const IMMUTABLE = 'public, max-age=31536000, immutable';
// index.html names the current assets: always revalidated, so a deployment is picked up on the next load.
const INDEX_CACHE = 'no-cache';

/** The gateway's own and proxied routes: never answered with the console's index.html. */
const NOT_CONSOLE = /^\/(api|docs|health|metrics|auth|webhooks|notifications)(\/|$)/;

function listFiles(root: string): Set<string> {
  const files = new Set<string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.add(relative(root, path).split(sep).join('/'));
    }
  };
  walk(root);
  return files;
}

const wantsHtml = (request: FastifyRequest): boolean => /\btext\/html\b/.test(String(request.headers['accept'] ?? ''));

/**
 * Serves the built console at `/`: a file of the build as it is (hashed assets cached for a year), and any other
 * GET a browser makes for a page (Accept: text/html) outside the API answers index.html, so the console's own
 * routes (`/reports/new`, ...) survive a reload. Everything else keeps the gateway's 404 problem+json. The files are
 * listed once at start-up (a build is immutable); a missing folder serves no console and says so.
 */
export function mountConsole(fastify: FastifyInstance, directory: string, log: (message: string) => void): boolean {
  const root = resolve(directory);
  if (!existsSync(join(root, 'index.html'))) {
    log(`no console served: ${root}/index.html not found (build it with: npx vite build apps/console)`);
    return false;
  }
  const files = listFiles(root);
  void fastify.register(async (scope) => {
    // serve: false: only reply.sendFile, for the files listed above (no directory listing, no path of the caller's).
    await scope.register(fastifyStatic, { root, serve: false, cacheControl: false, etag: true, lastModified: true });
    const handler = (request: FastifyRequest<{ Params: { '*'?: string } }>, reply: FastifyReply) => {
      const path = request.params['*'] ?? '';
      if (NOT_CONSOLE.test(`/${path}`)) return reply.callNotFound();
      reply.header('content-security-policy', CONSOLE_CSP);
      if (path !== '' && path !== 'index.html' && files.has(path)) {
        return reply.header('cache-control', path.startsWith(HASHED_ASSETS) ? IMMUTABLE : 'public, max-age=3600').sendFile(path);
      }
      if (path !== '' && !wantsHtml(request)) return reply.callNotFound();
      return reply.header('cache-control', INDEX_CACHE).type('text/html; charset=utf-8').sendFile('index.html');
    };
    scope.get('/', handler);
    scope.get('/*', handler);
  });
  return true;
}
