/**
 * What the browser tests stand on: the real service (`node dist/server.js`, as `npm start` runs it,
 * built by `npm run build`) on a free port, Debian's Chromium driven by playwright-core, and a watch
 * kept on every page for what must never happen: a script error, a console error, a request to
 * another origin, a Content-Security-Policy violation, an error response nobody expected.
 *
 * Made for a slow, shared machine: every wait is for a condition, with generous time limits, never a
 * fixed sleep.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { AxeResults, Result as AxeViolation } from 'axe-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Screenshots and reports for review (ignored by git). */
export const OUTPUT = join(ROOT, 'test-output');

/** Debian's Chromium (playwright's own browser download cannot be reached here). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

/** How long any one condition may take to come true on a loaded two-core machine. */
export const WAIT_MS = 90_000;

export interface Service {
  url: string;
  stop(): Promise<void>;
  /** What the server printed (for a failure report). */
  output(): string;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The built service, started as `npm start` starts it, once it is ready (its worker threads warm). */
export async function startService(env: Record<string, string> = {}): Promise<Service> {
  const server = join(ROOT, 'dist', 'server.js');
  if (!existsSync(server) || !existsSync(join(ROOT, 'dist', 'page', 'index.html'))) {
    throw new Error('the service is not built: `npm run test:browser` builds it first (npm run build)');
  }
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [server], {
    cwd: ROOT,
    // On a loaded machine the event loop can stall for a second and a check take longer than its
    // budget: neither is what these tests are about, so load shedding is off and the budget wide.
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production', MAX_EVENT_LOOP_DELAY_MS: '0', CHECK_TIMEOUT_MS: '20000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited (${child.exitCode}) before it was ready:\n${output}`);
    try {
      const response = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(5000) });
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`the service was not ready within 120 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    output: () => output,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
      }),
  };
}

export function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run does), or set CHROMIUM_PATH`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 120_000 });
}

/** What a page did that it must not: each list must stay empty (but `refused`, which a test checks). */
export interface Watch {
  consoleErrors: string[];
  scriptErrors: string[];
  cspViolations: string[];
  otherOrigins: string[];
  /** Responses of 400 or more: "STATUS METHOD PATH BODY". */
  refused: string[];
  /** The body of every API request, in order: "METHOD PATH BODY". */
  apiCalls: string[];
}

export interface Opened {
  context: BrowserContext;
  page: Page;
  watch: Watch;
}

export async function openPage(browser: Browser, service: Service, options: { width?: number; height?: number } = {}): Promise<Opened> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1100, height: options.height ?? 900 },
    acceptDownloads: true,
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(WAIT_MS);
  context.setDefaultNavigationTimeout(WAIT_MS);
  const page = await context.newPage();
  const watch: Watch = { consoleErrors: [], scriptErrors: [], cspViolations: [], otherOrigins: [], refused: [], apiCalls: [] };
  const origin = new URL(service.url).origin;
  // Violations are reported in the page; collected before any of its scripts run.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber}) ${event.sample}`));
  });
  page.on('console', (message) => {
    // A failed resource is also reported as a response, with what was asked: judged there.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) watch.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => watch.scriptErrors.push(error.stack ?? error.message));
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'data:' && url.protocol !== 'blob:' && url.origin !== origin) watch.otherOrigins.push(request.url());
    if (url.pathname.startsWith('/v1/')) watch.apiCalls.push(`${request.method()} ${url.pathname} ${request.postData() ?? ''}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) watch.refused.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname} ${response.request().postData() ?? ''}`);
  });
  return { context, page, watch };
}

/** The page's CSP violations so far (collected in the page itself). */
export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
}

/**
 * The one request the page makes that a service without languages refuses: a check carrying `lang`,
 * asking whether it is understood (see src/page/languages.ts). This service takes it.
 */
export const LANGUAGE_PROBE = /^400 POST \/v1\/check \{"function":"x","answer":"1","lang":"en"\}$/;

/** Nothing went wrong on the page but what the test expected (responses matching `expected`). */
export async function expectClean(opened: Opened, expected: RegExp[] = []): Promise<{ problems: string[] }> {
  const { watch, page } = opened;
  watch.cspViolations = await cspViolations(page);
  const problems = [
    ...watch.scriptErrors.map((e) => `script error: ${e}`),
    ...watch.consoleErrors.map((e) => `console error: ${e}`),
    ...watch.cspViolations.map((e) => `CSP violation: ${e}`),
    ...watch.otherOrigins.map((e) => `request to another origin: ${e}`),
    ...watch.refused.filter((r) => !expected.some((pattern) => pattern.test(r))).map((r) => `unexpected response: ${r}`),
  ];
  return { problems };
}

export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(OUTPUT, { recursive: true });
  const path = join(OUTPUT, `${name}.png`);
  await page.screenshot({ path, fullPage, animations: 'disabled' });
  return path;
}

const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

export interface AxeReport {
  state: string;
  violations: Array<Pick<AxeViolation, 'id' | 'impact' | 'help' | 'helpUrl'> & { targets: string[] }>;
  passes: number;
}

/**
 * axe-core run on the page as it is now, every rule of WCAG 2.x A and AA and axe's best practices,
 * shadow DOM (MathLive's) included. Injected through the DevTools protocol, not as a script element,
 * so the page's CSP is not loosened to test it.
 */
export async function axe(page: Page, state: string): Promise<AxeReport> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const results = (await page.evaluate(() =>
    (window as unknown as { axe: { run(context: Document, options: object): Promise<unknown> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    }),
  )) as AxeResults;
  const report: AxeReport = {
    state,
    violations: results.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, targets: v.nodes.map((n) => n.target.join(' ')) })),
    passes: results.passes.length,
  };
  mkdirSync(OUTPUT, { recursive: true });
  const file = join(OUTPUT, 'axe.json');
  const all = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as AxeReport[]).filter((r) => r.state !== state) : [];
  writeFileSync(file, `${JSON.stringify([...all, report], null, 2)}\n`);
  return report;
}

/** The violations that fail the tests: serious and critical ones. */
export function serious(report: AxeReport): string[] {
  return report.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${report.state}: ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(', ')}`);
}
