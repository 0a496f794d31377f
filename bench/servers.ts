/**
 * Servers the benchmarks and the soak run load against, each in a process of its own: the compiled
 * service (`node dist/server.js`, built first), and the bare Fastify route it is compared with.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/**
 * The checkout whose compiled service is loaded: this one, or CHAINRULE_BENCH_SERVICE (another
 * checkout, built there) to compare a change with what came before under the same load.
 */
export const SERVICE_ROOT = process.env.CHAINRULE_BENCH_SERVICE ?? ROOT;
/**
 * The Node binary the servers run on: this process's, or BENCH_NODE (e.g. the Node 24 that .ci/run
 * installs, which the image ships) to measure the service on the runtime it is deployed with.
 */
export const SERVER_NODE = process.env.BENCH_NODE ?? process.execPath;

/** The version of the Node the servers run on, as `node --version` prints it. */
export function serverNodeVersion(): string {
  return SERVER_NODE === process.execPath ? process.version : spawnSync(SERVER_NODE, ['--version'], { encoding: 'utf8' }).stdout.trim();
}

export interface Server {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export function buildService(): void {
  const build = spawnSync('npm', ['run', 'build'], { cwd: SERVICE_ROOT, stdio: 'ignore' });
  if (build.status !== 0) throw new Error('npm run build failed');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitFor(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      // /ready on the service; the bare route has no such path and answers 404, which is enough.
      const status = (await fetch(url)).status;
      if (status === 200 || status === 404) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within 60 s`);
}

async function start(args: string[], env: Record<string, string>, readyPath: string, cwd = ROOT): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(SERVER_NODE, args, {
    cwd,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await waitFor(`${url}${readyPath}`, child);
  return {
    url,
    child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The service's environment: the production settings but for a rate limit no benchmark should meet, and `env`. */
function serviceEnvironment(env: Record<string, string>): Record<string, string> {
  return { LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '1000000', RATE_LIMIT_WINDOW_MS: '1000', NODE_ENV: 'production', ...env };
}

/** The compiled service (see serviceEnvironment). */
export function startService(env: Record<string, string> = {}): Promise<Server> {
  return start(['dist/server.js'], serviceEnvironment(env), '/ready', SERVICE_ROOT);
}

/**
 * A bare Fastify route answering `response` to POST /v1/check in `processes` processes
 * (bench/bare-server.mjs), spending `workUs` microseconds of CPU on each request first (none by default).
 */
export function startBareRoute(response: string, processes: number, workUs = 0): Promise<Server> {
  return start(['bench/bare-server.mjs'], { BARE_RESPONSE: response, BARE_PROCESSES: String(processes), BARE_WORK_US: String(workUs) }, '/');
}

/**
 * How many HTTP processes the service serves with under `env` (its PROCESSES, or its default: the
 * cores), asked of the service's own configuration so that the figure cannot drift from it.
 */
export async function serviceProcesses(env: Record<string, string> = {}): Promise<number> {
  const { loadConfig } = (await import(pathToFileURL(join(SERVICE_ROOT, 'dist/http/config.js')).href)) as {
    loadConfig(env: Record<string, string | undefined>): { processes: number };
  };
  // PORT is the bench's own choice (start()), so whatever this shell has in it is not the service's.
  return loadConfig({ ...process.env, ...serviceEnvironment(env), PORT: undefined }).processes;
}
