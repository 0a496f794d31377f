/**
 * The page as the service serves it: GET / under the page's own Content-Security-Policy, its files
 * under /page/ (cached for good, compressed when the browser takes it), a 404 for a file that is not
 * there, /docs unchanged, no API key asked for the page itself. And the build: every file the page
 * names exists, and nothing in it is inline or from elsewhere.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPage } from '../../scripts/build-page.mjs';
import { buildApp } from '../../src/http/app.js';
import { loadConfig } from '../../src/http/config.js';
import { inProcessChecker } from '../../src/service/checker.js';
import { pino } from 'pino';

/** The policy, directive by directive, as the page needs it (protection.ts says why each is there). */
const PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "font-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
];

const directives = (header: string | undefined) => (header ?? '').split(';').map((d) => d.trim()).filter(Boolean);

let dir: string;
let app: FastifyInstance;
let keyed: FastifyInstance;

async function appServing(page: string, env: Record<string, string> = {}): Promise<FastifyInstance> {
  const config = loadConfig({ MAX_EVENT_LOOP_DELAY_MS: '0', ...env });
  return buildApp({ config, checker: inProcessChecker({ limits: config.limits }), logger: pino({ level: 'silent' }), page: { dir: page } });
}

beforeAll(async () => {
  // A page of the shape the build makes: the document, a script, its compressed copies.
  dir = mkdtempSync(join(tmpdir(), 'chainrule-page-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>chainrule</title><script type="module" src="/page/main-ABC.js"></script>');
  const script = 'console.log("the page");';
  writeFileSync(join(dir, 'main-ABC.js'), script);
  writeFileSync(join(dir, 'main-ABC.js.br'), readFileSync(join(dir, 'main-ABC.js')));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'KaTeX_Main-Regular-X.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  app = await appServing(dir);
  keyed = await appServing(dir, { API_KEYS: 'a-long-enough-test-key-0001' });
});

afterAll(async () => {
  await app.close();
  await keyed.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /', () => {
  it('serves the page under its own policy: its own scripts, styles, fonts and API, nothing else', async () => {
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('<title>chainrule</title>');
    expect(directives(response.headers['content-security-policy'] as string)).toEqual(PAGE_POLICY);
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    // A document: helmet's set for documents too.
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['cross-origin-opener-policy']).toBe('same-origin');
    // The document names the current build's files: asked for again each time.
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('answers HEAD, and 405 with Allow to other methods', async () => {
    expect((await app.inject({ method: 'HEAD', url: '/' })).statusCode).toBe(200);
    const post = await app.inject({ method: 'POST', url: '/', payload: {} });
    expect(post.statusCode).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD, OPTIONS');
    expect(post.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('says how to build the page where it is not built (a 404 problem, never a 500)', async () => {
    const bare = await appServing(join(dir, 'not-built'));
    try {
      const response = await bare.inject({ method: 'GET', url: '/' });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ status: 404, instance: '/', detail: expect.stringContaining('npm run build') });
    } finally {
      await bare.close();
    }
  });

  it('leaves /docs its own policy (Swagger UI inlines styles), and the API its own', async () => {
    const docs = await app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(directives(docs.headers['content-security-policy'] as string)).toContain("style-src 'self' 'unsafe-inline'");
    const api = await app.inject({ method: 'GET', url: '/health' });
    expect(directives(api.headers['content-security-policy'] as string)).not.toContain("style-src-attr 'unsafe-inline'");
  });

  it('needs no API key (the page asks for one when the API does)', async () => {
    expect((await keyed.inject({ method: 'GET', url: '/' })).statusCode).toBe(200);
    expect((await keyed.inject({ method: 'GET', url: '/page/main-ABC.js' })).statusCode).toBe(200);
    expect((await keyed.inject({ method: 'POST', url: '/v1/validate', payload: { answer: 'x' } })).statusCode).toBe(401);
  });
});

describe('/page/…', () => {
  it('serves the files, cached for good (their names change with their content)', async () => {
    const response = await app.inject({ method: 'GET', url: '/page/main-ABC.js' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.body).toBe('console.log("the page");');
    const font = await app.inject({ method: 'GET', url: '/page/assets/KaTeX_Main-Regular-X.woff2' });
    expect(font.statusCode).toBe(200);
    expect(font.headers['content-type']).toBe('font/woff2');
  });

  it('sends the compressed copy to a browser that takes it', async () => {
    const response = await app.inject({ method: 'GET', url: '/page/main-ABC.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers.vary).toMatch(/accept-encoding/i);
  });

  it('answers a file that is not there with a 404 problem (not a 405: the path takes GET)', async () => {
    for (const url of ['/page/missing.js', '/page/assets/', '/page/', '/page', '/docs/static/missing.js']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.json()).toMatchObject({ status: 404, type: 'https://chainrule.dev/problems/not-found' });
    }
  });

  it("answers what the file server refuses with a problem of that status (never a 500)", async () => {
    const range = await app.inject({ method: 'GET', url: '/page/main-ABC.js', headers: { range: 'bytes=99999-' } });
    expect(range.statusCode).toBe(416);
    expect(range.json()).toMatchObject({ status: 416, title: 'Range Not Satisfiable', instance: '/page/main-ABC.js' });
    expect((await app.inject({ method: 'GET', url: '/page/main-ABC.js', headers: { 'if-match': '"other"' } })).statusCode).toBe(412);
    expect((await app.inject({ method: 'GET', url: '/page/main-ABC.js', headers: { range: 'bytes=0-6' } })).body).toBe('console');
  });

  it('serves nothing outside the page', async () => {
    for (const url of ['/page/../package.json', '/page/%2e%2e/package.json', '/page/..%2fpackage.json', '/page/%2e%2e%2f%2e%2e%2fopenapi.yaml']) {
      const response = await app.inject({ method: 'GET', url });
      expect([400, 403, 404], url).toContain(response.statusCode);
      expect(response.body, url).not.toContain('"name": "chainrule"');
    }
  });
});

describe('the build (npm run build)', () => {
  let out: string;
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'chainrule-page-build-'));
    await buildPage(out);
  }, 180_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('names only files it made, all served from /page/', () => {
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const urls = [...html.matchAll(/(?:src|href)="([^"#]*)"/g)].map((m) => m[1] as string);
    const local = urls.filter((url) => url.startsWith('/page/'));
    expect(local.length).toBeGreaterThanOrEqual(3);
    for (const url of local) expect(readdirSync(join(out, ...url.slice('/page/'.length).split('/').slice(0, -1))), url).toContain(url.split('/').pop());
    // Other links are the service's own pages; nothing from another origin.
    expect(urls.filter((url) => !url.startsWith('/page/'))).toEqual(expect.arrayContaining(['/docs', '/openapi.yaml']));
    expect(urls.every((url) => url.startsWith('/') || url === '')).toBe(true);
  });

  it('has no inline script, no style element or attribute, no event handler attribute', () => {
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
  });

  it("keeps KaTeX's fonts, as woff2 only, and compresses what is text", () => {
    const files = readdirSync(out, { recursive: true }).map(String);
    expect(files.filter((f) => /KaTeX_.*\.woff2$/.test(f))).toHaveLength(20);
    expect(files.filter((f) => /\.(woff|ttf)$/.test(f))).toEqual([]);
    for (const file of files.filter((f) => /\.(js|css)$/.test(f))) {
      const content = readFileSync(join(out, file));
      expect(brotliDecompressSync(readFileSync(join(out, `${file}.br`))).equals(content), file).toBe(true);
      expect(gunzipSync(readFileSync(join(out, `${file}.gz`))).equals(content), file).toBe(true);
    }
  });
});

