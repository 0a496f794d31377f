#!/usr/bin/env node
// npm run test:docker — the real image, when a Docker daemon answers; the replay otherwise.
//
// With a daemon (`docker info` succeeds), on a clean copy of the repository (see scripts/lib/sandbox.mjs):
//   1. `docker build --network host` builds the image (no image registry is needed beyond the base
//      image, which must be present locally or reachable);
//   2. a container started from it must become healthy by its own HEALTHCHECK, run as a user other
//      than root, answer a check and a diagnosed mistake, and stop with exit status 0 on `docker stop`;
//   3. `docker run -i … grade -` must grade a CSV from stdin;
//   4. the image must hold no dev-only package and no npm cache; its size is printed.
// Without one (CI's machine has Docker's client at most), scripts/dockerfile-smoke.mjs replays the
// Dockerfile on the host instead. CHAINRULE_DOCKER=replay forces the replay, =image the real build.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanCopy, Failure, freePort, log, makeTempDir, REPO_ROOT, run, runMain, seconds, step, tail } from './lib/sandbox.mjs';

const mode = process.env.CHAINRULE_DOCKER ?? 'auto';
if (!['auto', 'image', 'replay'].includes(mode)) {
  process.stderr.write(`CHAINRULE_DOCKER=${mode}: expected image, replay or auto\n`);
  process.exit(2);
}

function daemonAnswers() {
  const info = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 15_000 });
  return info.status === 0 ? info.stdout.trim() : undefined;
}

const daemon = mode === 'replay' ? undefined : daemonAnswers();
if (daemon === undefined) {
  if (mode === 'image') {
    process.stderr.write('test:docker: CHAINRULE_DOCKER=image, but no Docker daemon answers `docker info`\n');
    process.exit(1);
  }
  process.stdout.write(`test:docker: ${mode === 'replay' ? 'CHAINRULE_DOCKER=replay' : 'no Docker daemon answers'}: replaying the Dockerfile without Docker (scripts/dockerfile-smoke.mjs)\n`);
  const replay = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'dockerfile-smoke.mjs')], { stdio: 'inherit' });
  process.exit(replay.status ?? 1);
}

const checks = { passed: 0, failed: 0 };
function check(label, ok, detail = '') {
  if (ok) checks.passed++;
  else checks.failed++;
  log(`  ${ok ? 'ok  ' : 'FAIL'}  ${label}${!ok && detail ? `\n${detail}` : ''}`);
  return ok;
}

async function docker(args, { timeoutMs = 60_000, allowFailure = false } = {}) {
  const result = await run('docker', args, { timeoutMs });
  if (result.code !== 0 && !allowFailure) throw new Failure(`docker ${args.join(' ')} failed (exit ${result.code ?? result.signal}):\n${tail(result.output, 40)}`);
  return result;
}

async function inspect(container, format) {
  return (await docker(['inspect', '--format', format, container])).stdout.trim();
}

async function post(base, path, body) {
  const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
  return { status: response.status, json: await response.json().catch(() => undefined) };
}

async function until(what, condition, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

await runMain('docker-image', async () => {
  const t0 = Date.now();
  step(`Docker daemon ${daemon}: building the real image`);
  const context = join(makeTempDir('chainrule-image-'), 'context');
  log(`      ${cleanCopy(context)}`);
  // A fixed tag: the next run reuses the layers whose inputs did not change (npm ci above all).
  const tag = 'chainrule:test-docker';
  const build = await docker(['build', '--network', 'host', '--tag', tag, context], { timeoutMs: 20 * 60_000, allowFailure: true });
  if (build.code !== 0) throw new Failure(`docker build failed:\n${tail(build.output, 60)}`);
  log(`      built ${tag} in ${seconds(build.ms)}`);
  const container = `chainrule-test-${process.pid}`;
  try {
    const bytes = Number(await docker(['image', 'inspect', '--format', '{{.Size}}', tag]).then((r) => r.stdout.trim()));
    log(`      image size: ${(bytes / 1e6).toFixed(0)} MB (${bytes} bytes)`);

    // What is in the image: production packages only, no npm cache anywhere.
    const lock = JSON.parse(readFileSync(join(context, 'package-lock.json'), 'utf8'));
    const devOnly = Object.entries(lock.packages ?? {}).filter(([path, entry]) => path.startsWith('node_modules/') && entry.dev === true).map(([path]) => path);
    const listing = await docker(['run', '--rm', '--entrypoint', 'sh', tag, '-c', `cd /app && for p in ${devOnly.join(' ')}; do [ -e "$p" ] && echo "$p"; done; true`]);
    const present = listing.stdout.split('\n').filter(Boolean);
    check(`no dev-only package of the lockfile (${devOnly.length}) is installed`, devOnly.length > 0 && present.length === 0, present.slice(0, 20).join(', '));
    const caches = await docker(['run', '--rm', '--user', 'root', '--entrypoint', 'sh', tag, '-c', 'for d in /root/.npm /home/node/.npm /tmp/.npm; do [ -e "$d" ] && du -sh "$d"; done; true']);
    check('no npm cache in the image', caches.stdout.trim() === '', caches.stdout);

    // The service, as `docker run -p` starts it; the health check every second so that it reports soon.
    const port = await freePort();
    await docker(['run', '--detach', '--name', container, '--publish', `127.0.0.1:${port}:3000`, '--health-interval', '1s', tag]);
    const base = `http://127.0.0.1:${port}`;
    const health = await until('healthy', async () => {
      const status = await inspect(container, '{{if .State.Health}}{{.State.Health.Status}}{{end}}');
      return status === 'healthy' || status === 'unhealthy' ? status : undefined;
    }, 60_000);
    check(`the container becomes healthy by its HEALTHCHECK (${health ?? 'no verdict within 60 s'})`, health === 'healthy', tail((await docker(['logs', container], { allowFailure: true })).output, 20));
    const uid = (await docker(['exec', container, 'id', '-u'])).stdout.trim();
    check(`the service runs as a user other than root (uid ${uid}, USER ${await inspect(container, '{{.Config.User}}')})`, uid !== '' && uid !== '0');
    const correct = await post(base, '/v1/check', { function: 'sin(x^2)', answer: '2x cos(x^2)' });
    check(`POST /v1/check answers a correct answer (${correct.status} ${correct.json?.verdict})`, correct.status === 200 && correct.json?.verdict === 'correct');
    const wrong = await post(base, '/v1/check', { function: 'sin(x)^2', answer: 'cos(x^2)*2x' });
    check(`POST /v1/check diagnoses a mistake (${wrong.status} ${wrong.json?.diagnosis?.[0]?.mistake})`, wrong.status === 200 && wrong.json?.diagnosis?.[0]?.mistake === 'swapped_inner_outer');
    const ready = await fetch(`${base}/ready`).then((r) => r.status);
    check(`GET /ready answers 200 (${ready})`, ready === 200);

    // The command line, on a CSV given on stdin.
    const csv = readFileSync(join(context, 'examples', 'class.csv'));
    const graded = spawnSync('docker', ['run', '--rm', '-i', tag, 'node', 'bin/chainrule.js', 'grade', '-'], { input: csv, encoding: 'utf8', timeout: 60_000 });
    const rows = graded.stdout.trim().split('\n');
    log(`        docker run -i … grade - < examples/class.csv → exit ${graded.status}, ${rows.length} lines`);
    check('grades a CSV from stdin: a header and one result per answer', graded.status === 0 && rows[0]?.startsWith('id,line,correct,verdict') && rows.length === csv.toString().trim().split('\n').length, tail(`${graded.stdout}\n${graded.stderr}`, 20));

    // `docker stop` sends SIGTERM: the service drains and exits 0.
    const stop = await docker(['stop', '--time', '20', container], { timeoutMs: 60_000 });
    const exitCode = await inspect(container, '{{.State.ExitCode}}');
    check(`docker stop ends the service with exit status 0 in ${seconds(stop.ms)} (status ${exitCode})`, exitCode === '0', tail((await docker(['logs', container], { allowFailure: true })).output, 20));
  } finally {
    await docker(['rm', '--force', container], { allowFailure: true });
  }
  log('');
  log(`docker-image: built and checked in ${seconds(Date.now() - t0)}`);
  log(`docker-image: ${checks.passed} passed, ${checks.failed} failed`);
  if (checks.failed > 0) throw new Failure(`${checks.failed} check${checks.failed === 1 ? '' : 's'} failed`);
});
