// What scripts/dockerfile-smoke.mjs and scripts/readme-examples.mjs share: a clean copy of the
// repository in a temporary directory, child processes in their own process group, a free port,
// waiting for /health, and a cleanup that runs however the script ends.
//
// The clean copy is, by default, a `git clone` of this repository at HEAD: only committed files count,
// as in CI. With CHAINRULE_SOURCE=/some/dir it is made from that directory instead (when it is a git
// work tree, its tracked and untracked-but-not-ignored files; otherwise everything but node_modules,
// .git, dist and coverage), so a change can be tried before it is committed.
//
// Plain Node (no TypeScript, no dependencies): these scripts must run before and without `npm ci`.

import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A failure the script explains itself: printed without a stack. */
export class Failure extends Error {}

// ---------------------------------------------------------------------------------------------------
// Output

const started = Date.now();
let scriptName = 'script';

export function setScriptName(name) {
  scriptName = name;
}

export function log(message = '') {
  process.stdout.write(`${message}\n`);
}

export function step(message) {
  log(`[${scriptName} ${seconds(Date.now() - started)}] ${message}`);
}

export function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The last `count` lines of a text, indented, for a failure report. */
export function tail(text, count = 60) {
  const lines = text.replace(/\s+$/, '').split('\n');
  const shown = lines.slice(-count);
  return `${lines.length > count ? `    … ${lines.length - count} lines before\n` : ''}${shown.map((line) => `    | ${line}`).join('\n')}`;
}

// ---------------------------------------------------------------------------------------------------
// Cleanup: temporary directories and child process groups, on success, failure, or a signal.

const tempDirs = new Set();
const children = new Set();
let cleanedUp = false;

export function makeTempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

function cleanup() {
  if (cleanedUp) return;
  cleanedUp = true;
  for (const child of children) killGroup(child, 'SIGKILL');
  children.clear();
  for (const dir of tempDirs) {
    const t0 = Date.now();
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
      log(`[${scriptName}] removed ${dir} in ${seconds(Date.now() - t0)}`);
    } catch (error) {
      process.stderr.write(`could not remove ${dir}: ${error.message}\n`);
    }
  }
  tempDirs.clear();
}

process.on('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    process.stderr.write(`\n${scriptName}: ${signal}, cleaning up\n`);
    cleanup();
    process.exit(128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 }[signal] ?? 0));
  });
}

/** Runs the script's main function: exit 0 on success, 1 with the reason on any failure. */
export async function runMain(name, main) {
  setScriptName(name);
  try {
    await main();
    cleanup();
    process.exit(0);
  } catch (error) {
    process.stderr.write(`\n${name}: FAILED: ${error instanceof Failure ? error.message : (error?.stack ?? String(error))}\n`);
    cleanup();
    process.exit(1);
  }
}

// ---------------------------------------------------------------------------------------------------
// The clean copy

function git(args, cwd) {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.error) throw new Failure(`git ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) throw new Failure(`git ${args.join(' ')} failed in ${cwd}:\n${tail(result.stderr || result.stdout)}`);
  return result.stdout;
}

function isGitWorkTree(dir) {
  const result = spawnSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: dir, encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim() === 'true' && resolve(git(['rev-parse', '--show-toplevel'], dir).trim()) === resolve(dir);
}

const NEVER_COPIED = new Set(['node_modules', '.git', 'dist', 'coverage']);

/**
 * A clean copy of the repository in `dest` (which must not exist yet), and a line saying what it is.
 */
export function cleanCopy(dest) {
  const source = process.env.CHAINRULE_SOURCE;
  if (source) {
    const from = resolve(source);
    if (!existsSync(join(from, 'package.json'))) throw new Failure(`CHAINRULE_SOURCE=${source}: no package.json there`);
    mkdirSync(dest, { recursive: true });
    if (isGitWorkTree(from)) {
      // What `git add -A && git commit` would commit: tracked files (as they are now) and untracked ones
      // that .gitignore does not exclude. A tracked file deleted in the work tree is left out.
      const files = git(['ls-files', '-z', '--cached', '--others', '--exclude-standard'], from).split('\0').filter(Boolean);
      let copied = 0;
      for (const file of new Set(files)) {
        const path = join(from, file);
        if (!existsSync(path)) continue;
        mkdirSync(dirname(join(dest, file)), { recursive: true });
        cpSync(path, join(dest, file), { verbatimSymlinks: true, preserveTimestamps: true });
        copied++;
      }
      return `CHAINRULE_SOURCE=${from} (a git work tree: its ${copied} tracked and unignored files, committed or not)`;
    }
    cpSync(from, dest, {
      recursive: true,
      verbatimSymlinks: true,
      filter: (path) => !(relative(from, path).split('/').some((part) => NEVER_COPIED.has(part))),
    });
    return `CHAINRULE_SOURCE=${from} (copied without ${[...NEVER_COPIED].join(', ')})`;
  }
  if (!isGitWorkTree(REPO_ROOT)) {
    throw new Failure(`${REPO_ROOT} is not a git work tree: set CHAINRULE_SOURCE to the directory to test`);
  }
  const head = git(['rev-parse', 'HEAD'], REPO_ROOT).trim();
  git(['clone', '--quiet', '--no-checkout', REPO_ROOT, dest], REPO_ROOT);
  git(['-c', 'advice.detachedHead=false', 'checkout', '--quiet', '--detach', head], dest);
  const dirty = git(['status', '--porcelain'], REPO_ROOT).split('\n').filter(Boolean).length;
  return `git clone of ${REPO_ROOT} at HEAD ${head.slice(0, 12)}${dirty ? ` (${dirty} uncommitted change${dirty === 1 ? ' is' : 's are'} NOT included; CHAINRULE_SOURCE=${REPO_ROOT} would include them)` : ''}`;
}

/** Every file under `dir`, as paths relative to it with `/` separators (directories not listed). */
export function listFiles(dir, prefix = '') {
  const files = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...listFiles(dir, path));
    else files.push(path);
  }
  return files;
}

export function isDirectory(path) {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Make a directory and its parents reachable by another user (mkdtemp makes them 0700). */
export function openUp(dir) {
  chmodSync(dir, 0o755);
}

// ---------------------------------------------------------------------------------------------------
// Environment

/**
 * The environment for the processes the scripts start: this one's, less what `npm run` adds to it
 * (npm_package_*, npm_lifecycle_*, npm_config_local_prefix… would make a nested npm act on this
 * checkout) and less the service's own variables (src/http/config.ts), so the defaults are what runs
 * unless the Dockerfile or the script sets them.
 */
export const SERVICE_VARIABLES = [
  'PROCESSES',
  'PORT',
  'HOST',
  'LOG_LEVEL',
  'BODY_LIMIT',
  'CORS_ORIGINS',
  'MAX_EXPRESSION_LENGTH',
  'MAX_NESTING_DEPTH',
  'MAX_NODES',
  'BATCH_MAX_ITEMS',
  'BATCH_BODY_LIMIT',
  'BATCH_CONCURRENCY',
  'NODE_ENV',
  'CHECKER',
  'CHECK_TIMEOUT_MS',
  'WORKER_THREADS',
  'MAX_QUEUE',
  'CHECK_MEMORY_MB',
  'API_KEYS',
  'RATE_LIMIT_MAX',
  'RATE_LIMIT_WINDOW_MS',
  'MAX_EVENT_LOOP_DELAY_MS',
  'RETRY_AFTER_SECONDS',
  'METRICS',
  'HEADERS_TIMEOUT_MS',
  'REQUEST_TIMEOUT_MS',
  'IDLE_TIMEOUT_MS',
  'KEEP_ALIVE_TIMEOUT_MS',
  'MAX_REQUESTS_PER_SOCKET',
];

export function baseEnv() {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^npm_(lifecycle|package)_/i.test(key)) continue;
    if (/^npm_(command|execpath|node_execpath)$/i.test(key)) continue;
    if (/^npm_config_(local_prefix|prefix|global_prefix|globalconfig|npm_version|node_gyp|user_agent|init_module)$/i.test(key)) continue;
    if (key === 'INIT_CWD' || key === 'COLOR' || key === 'EDITOR') continue;
    if (SERVICE_VARIABLES.includes(key)) continue;
    env[key] = value;
  }
  return env;
}

// ---------------------------------------------------------------------------------------------------
// Processes

/**
 * Runs a command to completion, output captured (stdout and stderr interleaved in `output`, and
 * separately). Resolves with { code, signal, stdout, stderr, output, ms }; never rejects on a non-zero
 * exit. `timeoutMs` kills the whole process group.
 */
export function run(command, args, { cwd, env, timeoutMs = 15 * 60_000, uid, gid } = {}) {
  return new Promise((resolvePromise, reject) => {
    const t0 = Date.now();
    let child;
    try {
      child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...(uid !== undefined ? { uid, gid } : {}) });
    } catch (error) {
      reject(error);
      return;
    }
    children.add(child);
    let stdout = '';
    let stderr = '';
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk;
      output += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      stderr += chunk;
      output += chunk;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child, 'SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      children.delete(child);
      reject(new Failure(`cannot start ${command}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      resolvePromise({ code, signal, stdout, stderr, output: timedOut ? `${output}\n(killed after ${seconds(timeoutMs)})` : output, ms: Date.now() - t0, timedOut });
    });
  });
}

/**
 * Starts a long-running process in its own process group; output is collected in `handle.output`.
 * `handle.exited` resolves with { code, signal } when it ends.
 */
export function startBackground(command, args, { cwd, env, uid, gid } = {}) {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...(uid !== undefined ? { uid, gid } : {}) });
  children.add(child);
  const handle = { child, output: '', exit: undefined };
  child.stdout.setEncoding('utf8').on('data', (chunk) => (handle.output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (handle.output += chunk));
  handle.exited = new Promise((resolvePromise) => {
    child.on('error', (error) => {
      handle.output += `\n(cannot start ${command}: ${error.message})`;
      handle.exit = { code: null, signal: null, error };
      children.delete(child);
      resolvePromise(handle.exit);
    });
    child.on('close', (code, signal) => {
      handle.exit = { code, signal };
      children.delete(child);
      resolvePromise(handle.exit);
    });
  });
  return handle;
}

export function killGroup(child, signal) {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** Waits for a background process to end, up to `ms`; resolves with its exit or undefined. */
export async function waitForExit(handle, ms) {
  let timer;
  const timeout = new Promise((resolvePromise) => (timer = setTimeout(() => resolvePromise(undefined), ms)));
  const result = await Promise.race([handle.exited, timeout]);
  clearTimeout(timer);
  return result;
}

/** Stops a background process group: `signal` first, SIGKILL after `graceMs`. */
export async function stopBackground(handle, { signal = 'SIGTERM', graceMs = 10_000, groupFirst = true } = {}) {
  if (handle.exit) return handle.exit;
  if (groupFirst) killGroup(handle.child, signal);
  else handle.child.kill(signal);
  const exit = await waitForExit(handle, graceMs);
  if (exit) return exit;
  killGroup(handle.child, 'SIGKILL');
  await handle.exited;
  return { ...handle.exit, killed: true };
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePromise(port));
    });
  });
}

/** Polls GET url until it answers (any status), the process ends, or `ms` pass. */
export async function waitForHttp(url, handle, ms) {
  const deadline = Date.now() + ms;
  let lastError;
  while (Date.now() < deadline) {
    if (handle.exit) {
      throw new Failure(`the server exited (${handle.exit.code ?? handle.exit.signal}) before ${url} answered:\n${tail(handle.output)}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      return response;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolvePromise) => setTimeout(resolvePromise, 250));
  }
  throw new Failure(`${url} did not answer within ${seconds(ms)} (${lastError?.cause?.code ?? lastError?.message}):\n${tail(handle.output)}`);
}

// ---------------------------------------------------------------------------------------------------
// Comparison

/** Differences between two JSON values, as `path: expected … got …` lines (empty when equal). */
export function jsonDifferences(expected, actual, path = '$') {
  if (Object.is(expected, actual)) return [];
  const kind = (value) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
  if (kind(expected) !== kind(actual)) return [`${path}: expected ${show(expected)}, got ${show(actual)}`];
  if (kind(expected) === 'array') {
    const out = [];
    if (expected.length !== actual.length) out.push(`${path}: expected ${expected.length} items, got ${actual.length}`);
    for (let i = 0; i < Math.min(expected.length, actual.length); i++) out.push(...jsonDifferences(expected[i], actual[i], `${path}[${i}]`));
    return out;
  }
  if (kind(expected) === 'object') {
    const out = [];
    for (const key of Object.keys(expected)) {
      if (!(key in actual)) out.push(`${path}.${key}: shown ${show(expected[key])}, missing in the real output`);
      else out.push(...jsonDifferences(expected[key], actual[key], `${path}.${key}`));
    }
    for (const key of Object.keys(actual)) if (!(key in expected)) out.push(`${path}.${key}: not shown, real output has ${show(actual[key])}`);
    return out;
  }
  return [`${path}: expected ${show(expected)}, got ${show(actual)}`];
}

function show(value) {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
