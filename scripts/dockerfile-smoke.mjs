#!/usr/bin/env node
// npm run test:docker — the Dockerfile's build and start steps, replayed without Docker.
//
// There is no Docker engine on the development machines or in CI, so this reads the Dockerfile and
// does what a builder would do, on the host:
//   1. the build context is a clean copy of the repository (a git clone of HEAD, or CHAINRULE_SOURCE:
//      see scripts/lib/sandbox.mjs), filtered by .dockerignore as Docker filters it;
//   2. each stage (FROM … AS name) gets a directory standing for its filesystem root; WORKDIR, COPY
//      (from the context or --from=stage), RUN (through /bin/sh -c, in the WORKDIR) and ENV are
//      replayed in order; the base image is stood in for by this machine's Node, whose major version
//      must be the image tag's; USER is applied to later RUN/CMD/HEALTHCHECK when this runs as root
//      (node = uid 1000), and only noted otherwise;
//   3. the last stage's CMD (exec form) starts with that stage's ENV, PORT overridden with a free port;
//      GET /health must answer 200 {"status":"ok"}, POST /v1/check must check and diagnose, the
//      contract and docs must be served, the HEALTHCHECK command must exit 0, the CLI in bin/ must
//      run, no dev dependency may be installed, and SIGTERM must stop the server with exit status 0.
// Any instruction or flag it cannot replay is an error, never skipped.
//
// The replay uses a throw-away npm cache (as a fresh image build would), so `npm cache clean` in a
// RUN step cannot touch this machine's.

import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import {
  baseEnv,
  cleanCopy,
  Failure,
  freePort,
  isDirectory,
  jsonDifferences,
  listFiles,
  log,
  makeTempDir,
  openUp,
  REPO_ROOT,
  run,
  runMain,
  seconds,
  startBackground,
  step,
  stopBackground,
  tail,
  waitForExit,
  waitForHttp,
} from './lib/sandbox.mjs';

// ---------------------------------------------------------------------------------------------------
// Reading the Dockerfile

/** The Dockerfile as instructions: { line, keyword, args (text after the keyword) }. */
export function parseDockerfile(text) {
  const lines = text.split(/\r?\n/);
  const instructions = [];
  let escape = '\\';
  let inDirectives = true;
  let pending;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (inDirectives) {
      const directive = /^#\s*([a-zA-Z][a-zA-Z0-9_-]*)\s*=\s*(.*?)\s*$/.exec(raw);
      if (directive) {
        const name = directive[1].toLowerCase();
        if (name === 'escape') escape = directive[2];
        else if (name !== 'syntax' && name !== 'check') throw new Failure(`Dockerfile line ${i + 1}: parser directive '${name}' cannot be replayed`);
        continue;
      }
      inDirectives = false;
    }
    // Comment lines are dropped, even in the middle of a continued instruction.
    if (/^\s*#/.test(raw)) continue;
    if (pending === undefined && raw.trim() === '') continue;
    const continued = raw.trimEnd().endsWith(escape);
    const content = continued ? raw.trimEnd().slice(0, -escape.length) : raw;
    if (pending === undefined) pending = { line: i + 1, text: content };
    else pending.text += content;
    if (!continued) {
      instructions.push(toInstruction(pending));
      pending = undefined;
    }
  }
  if (pending !== undefined) instructions.push(toInstruction(pending));
  return instructions;
}

function toInstruction({ line, text }) {
  const match = /^\s*([A-Za-z]+)(?:\s+([\s\S]*))?$/.exec(text);
  if (!match) throw new Failure(`Dockerfile line ${line}: cannot read '${text.trim()}'`);
  return { line, keyword: match[1].toUpperCase(), args: (match[2] ?? '').trim() };
}

/** `--name=value` flags at the start of an instruction's arguments, and the rest. */
function splitFlags(args) {
  const flags = {};
  let rest = args;
  for (;;) {
    const match = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest);
    if (!match) break;
    flags[match[1]] = match[2] ?? true;
    rest = rest.slice(match[0].length);
  }
  return { flags, rest };
}

function refuseFlags(instruction, flags, allowed) {
  for (const name of Object.keys(flags)) {
    if (!allowed.includes(name)) throw new Failure(`Dockerfile line ${instruction.line}: ${instruction.keyword} --${name} cannot be replayed`);
  }
}

/** The exec form `["a", "b"]` as an array, or undefined for the shell form. */
function execForm(text) {
  if (!text.startsWith('[')) return undefined;
  try {
    const value = JSON.parse(text);
    if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string')) return value;
  } catch {
    // Docker too runs a malformed JSON array as a shell command.
  }
  return undefined;
}

/** $VAR, ${VAR}, ${VAR:-default} and ${VAR:+alternative}, from the stage's environment. */
function expand(text, env, instruction) {
  return text.replace(/\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:[-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)|\$\{[^}]*\}/g, (whole, braced, op, word, bare) => {
    if (whole === '\\$') return '$';
    const name = braced ?? bare;
    if (name === undefined) throw new Failure(`Dockerfile line ${instruction.line}: cannot replay the substitution ${whole}`);
    const value = env[name];
    if (op === ':-') return value ? value : word;
    if (op === ':+') return value ? word : '';
    return value ?? '';
  });
}

/** ENV a=b c="d e", or the legacy ENV key value. */
function parseEnv(instruction, env) {
  const text = instruction.args;
  if (!/^[^\s=]+=/.test(text)) {
    const match = /^(\S+)\s+([\s\S]*)$/.exec(text);
    if (!match) throw new Failure(`Dockerfile line ${instruction.line}: ENV needs a value`);
    return [[match[1], expand(match[2], env, instruction)]];
  }
  const pairs = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) break;
    let key = '';
    while (i < text.length && text[i] !== '=' && !/\s/.test(text[i])) key += text[i++];
    if (text[i] !== '=') throw new Failure(`Dockerfile line ${instruction.line}: ENV '${key}' has no '='`);
    i++;
    let value = '';
    while (i < text.length && !/\s/.test(text[i])) {
      const ch = text[i];
      if (ch === '"') {
        i++;
        while (i < text.length && text[i] !== '"') {
          if (text[i] === '\\' && i + 1 < text.length) i++;
          value += text[i++];
        }
        i++;
      } else if (ch === "'") {
        i++;
        while (i < text.length && text[i] !== "'") value += text[i++];
        i++;
      } else if (ch === '\\' && i + 1 < text.length) {
        value += text[i + 1];
        i += 2;
      } else {
        value += ch;
        i++;
      }
    }
    pairs.push([key, expand(value, { ...env, ...Object.fromEntries(pairs) }, instruction)]);
  }
  return pairs;
}

/** Durations as Docker writes them: 30s, 1m30s, 500ms. */
function durationMs(text, instruction) {
  const units = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  const rest = text.replace(/(\d+(?:\.\d+)?)(ms|s|m|h)/g, (_whole, number, unit) => {
    total += Number(number) * units[unit];
    return '';
  });
  if (rest !== '' || text === '') throw new Failure(`Dockerfile line ${instruction.line}: cannot read the duration '${text}'`);
  return total;
}

// ---------------------------------------------------------------------------------------------------
// .dockerignore, with the semantics of Docker's pattern matcher (moby/patternmatcher)

export function parseDockerignore(text) {
  const patterns = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    let exclusion = false;
    if (line.startsWith('!')) {
      exclusion = true;
      line = line.slice(1).trim();
    }
    line = posix.normalize(line).replace(/^\/+/, '').replace(/\/+$/, '');
    if (line === '' || line === '.') continue;
    patterns.push({ text: raw.trim(), exclusion, regex: patternRegex(line) });
  }
  return patterns;
}

function patternRegex(pattern) {
  let out = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') i++;
        out += i + 1 >= pattern.length ? '.*' : '(.*/)?';
      } else {
        out += '[^/]*';
      }
    } else if (ch === '?') {
      out += '[^/]';
    } else if (ch === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end === -1) throw new Failure(`.dockerignore: unclosed '[' in '${pattern}'`);
      let body = pattern.slice(i + 1, end);
      if (body.startsWith('^') || body.startsWith('!')) body = `^${body.slice(1)}`;
      out += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else if (ch === '\\' && i + 1 < pattern.length) {
      out += escapeRegex(pattern[++i]);
    } else {
      out += escapeRegex(ch);
    }
  }
  return new RegExp(`${out}$`);
}

function escapeRegex(ch) {
  return /[.*+?^${}()|[\]\\/]/.test(ch) ? `\\${ch}` : ch;
}

/** Whether a context path (relative, `/`-separated) is excluded: the last pattern matching it or a parent wins. */
export function ignored(patterns, path) {
  let matched = false;
  const parents = path.split('/').slice(0, -1);
  for (const pattern of patterns) {
    if (pattern.exclusion !== matched) continue;
    let match = pattern.regex.test(path);
    for (let i = 1; !match && i <= parents.length; i++) match = pattern.regex.test(parents.slice(0, i).join('/'));
    if (match) matched = !pattern.exclusion;
  }
  return matched;
}

// ---------------------------------------------------------------------------------------------------
// Replaying the build

/** Users the replay knows: the node images' `node`, and root. */
const KNOWN_USERS = { node: [1000, 1000], root: [0, 0] };

function userIds(instruction, spec) {
  const [user, group] = spec.split(':');
  const ids = KNOWN_USERS[user] ?? (/^\d+$/.test(user) ? [Number(user), Number(user)] : undefined);
  if (!ids) throw new Failure(`Dockerfile line ${instruction.line}: USER ${spec} is not a user the replay knows (${Object.keys(KNOWN_USERS).join(', ')}, or a uid)`);
  if (group !== undefined) {
    const gid = KNOWN_USERS[group]?.[1] ?? (/^\d+$/.test(group) ? Number(group) : undefined);
    if (gid === undefined) throw new Failure(`Dockerfile line ${instruction.line}: USER group ${group} is not known to the replay`);
    return [ids[0], gid];
  }
  return ids;
}

class Replay {
  constructor({ contextDir, workDir, npmCache }) {
    this.contextDir = contextDir;
    this.workDir = workDir;
    this.npmCache = npmCache;
    this.stages = [];
    this.byName = new Map();
    this.asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    const ignoreFile = join(contextDir, '.dockerignore');
    this.ignorePatterns = existsSync(ignoreFile) ? parseDockerignore(readFileSync(ignoreFile, 'utf8')) : [];
    this.contextFiles = listFiles(contextDir).filter((file) => !ignored(this.ignorePatterns, file));
    this.containerPaths = new Set();
  }

  get stage() {
    return this.stages.at(-1);
  }

  /** The host path for a path in the stage's filesystem. */
  hostPath(stage, containerPath) {
    const normal = posix.resolve('/', containerPath);
    return join(stage.root, normal);
  }

  async apply(instruction) {
    const handler = {
      FROM: this.from,
      WORKDIR: this.workdir,
      COPY: this.copy,
      RUN: this.run,
      ENV: this.env,
      USER: this.user,
      EXPOSE: this.expose,
      HEALTHCHECK: this.healthcheck,
      CMD: this.cmd,
      LABEL: () => log(`      (label: nothing to replay)`),
    }[instruction.keyword];
    if (!handler) {
      throw new Failure(`Dockerfile line ${instruction.line}: ${instruction.keyword} cannot be replayed by scripts/dockerfile-smoke.mjs (it replays FROM, WORKDIR, COPY, RUN, ENV, USER, EXPOSE, HEALTHCHECK, CMD, LABEL); teach it, or do without`);
    }
    if (instruction.keyword !== 'FROM' && !this.stage) throw new Failure(`Dockerfile line ${instruction.line}: ${instruction.keyword} before any FROM`);
    await handler.call(this, instruction);
  }

  from(instruction) {
    const { flags, rest } = splitFlags(instruction.args);
    refuseFlags(instruction, flags, []);
    const match = /^(\S+)(?:\s+[Aa][Ss]\s+(\S+))?$/.exec(rest);
    if (!match) throw new Failure(`Dockerfile line ${instruction.line}: cannot read FROM ${instruction.args}`);
    const [, image, name] = match;
    const index = this.stages.length;
    const root = join(this.workDir, `stage-${index}${name ? `-${name}` : ''}`);
    let stage;
    const parent = this.byName.get(image.toLowerCase());
    if (parent) {
      cpSync(parent.root, root, { recursive: true, verbatimSymlinks: true });
      stage = { ...parent, env: { ...parent.env }, exposed: [...parent.exposed], root, name, index };
      log(`      stage ${name ?? index} starts from stage ${parent.name ?? parent.index} (copied)`);
    } else {
      const node = /^(?:(?:docker\.io\/)?library\/)?node:(\d+)(?:[.-][^@\s]*)?(?:@sha256:[0-9a-f]+)?$/.exec(image);
      if (!node) throw new Failure(`Dockerfile line ${instruction.line}: the base image ${image} cannot be stood in for (only node:<major>… images, by this machine's Node)`);
      const hostMajor = process.versions.node.split('.')[0];
      if (node[1] !== hostMajor) throw new Failure(`Dockerfile line ${instruction.line}: ${image} is Node ${node[1]}, but this machine runs Node ${process.versions.node}: the replay would not be the build`);
      mkdirSync(root, { recursive: true });
      openUp(root);
      stage = { name, index, root, env: {}, workdir: '/', user: undefined, exposed: [], healthcheck: undefined, cmd: undefined, image };
      log(`      ${image} stood in for by this machine's Node ${process.versions.node} and npm`);
    }
    this.stages.push(stage);
    if (name) this.byName.set(name.toLowerCase(), stage);
  }

  workdir(instruction) {
    const stage = this.stage;
    stage.workdir = posix.resolve(stage.workdir, expand(instruction.args, stage.env, instruction));
    mkdirSync(this.hostPath(stage, stage.workdir), { recursive: true, mode: 0o755 });
    if (stage.workdir !== '/') this.containerPaths.add(stage.workdir);
    log(`      now in ${stage.workdir}`);
  }

  env(instruction) {
    const stage = this.stage;
    for (const [key, value] of parseEnv(instruction, stage.env)) {
      stage.env[key] = value;
      log(`      ${key}=${value}`);
    }
  }

  user(instruction) {
    const stage = this.stage;
    const spec = expand(instruction.args, stage.env, instruction);
    const [uid, gid] = userIds(instruction, spec);
    stage.user = { spec, uid, gid };
    log(this.asRoot ? `      later steps run as uid ${uid}, gid ${gid}` : `      noted only: this replay is not running as root, so it cannot switch to uid ${uid}`);
  }

  expose(instruction) {
    const stage = this.stage;
    for (const item of expand(instruction.args, stage.env, instruction).split(/\s+/)) {
      const match = /^(\d+)(?:\/(tcp|udp))?$/.exec(item);
      if (!match) throw new Failure(`Dockerfile line ${instruction.line}: cannot read EXPOSE ${item}`);
      stage.exposed.push(Number(match[1]));
    }
    log(`      exposes ${stage.exposed.join(', ')}`);
  }

  healthcheck(instruction) {
    const stage = this.stage;
    const { flags, rest } = splitFlags(instruction.args);
    refuseFlags(instruction, flags, ['interval', 'timeout', 'start-period', 'start-interval', 'retries']);
    if (/^NONE$/i.test(rest)) {
      stage.healthcheck = undefined;
      return;
    }
    const match = /^CMD\s+([\s\S]+)$/i.exec(rest);
    if (!match) throw new Failure(`Dockerfile line ${instruction.line}: HEALTHCHECK needs CMD or NONE`);
    const exec = execForm(match[1].trim());
    stage.healthcheck = {
      line: instruction.line,
      argv: exec ?? ['/bin/sh', '-c', match[1].trim()],
      timeoutMs: flags.timeout ? durationMs(flags.timeout, instruction) : 30_000,
      retries: flags.retries ? Number(flags.retries) : 3,
    };
    log(`      health check: ${JSON.stringify(stage.healthcheck.argv)} (timeout ${seconds(stage.healthcheck.timeoutMs)})`);
  }

  cmd(instruction) {
    const exec = execForm(instruction.args);
    if (!exec) throw new Failure(`Dockerfile line ${instruction.line}: CMD must be in exec form (["node", "dist/server.js"]) to be replayed — and to get signals`);
    this.stage.cmd = exec;
  }

  /** The environment of a process in the stage: this machine's (less npm's and the service's variables), the stage's ENV, the throw-away npm cache. */
  processEnv(stage, extra = {}) {
    return { ...baseEnv(), npm_config_cache: this.npmCache, ...stage.env, ...extra };
  }

  ids(stage) {
    return this.asRoot && stage.user ? { uid: stage.user.uid, gid: stage.user.gid } : {};
  }

  async run(instruction) {
    const stage = this.stage;
    const { flags, rest } = splitFlags(instruction.args);
    refuseFlags(instruction, flags, []);
    const exec = execForm(rest);
    // The host runs the command in the directory standing for WORKDIR; an absolute container path
    // in it would name a host path instead, so it is refused.
    for (const path of this.containerPaths) {
      if (new RegExp(`(^|[\\s=:'"])${escapeForRegex(path)}(/|[\\s'";&|]|$)`).test(rest)) {
        throw new Failure(`Dockerfile line ${instruction.line}: RUN names the container path ${path}, which the replay cannot map: use a path relative to WORKDIR`);
      }
    }
    const argv = exec ?? ['/bin/sh', '-c', rest];
    const cwd = this.hostPath(stage, stage.workdir);
    const result = await run(argv[0], argv.slice(1), { cwd, env: this.processEnv(stage), ...this.ids(stage) });
    if (result.code !== 0) {
      throw new Failure(`Dockerfile line ${instruction.line}: RUN ${rest} failed (${result.code ?? result.signal}) after ${seconds(result.ms)}:\n${tail(result.output)}`);
    }
    log(`      done in ${seconds(result.ms)}${summaryOf(result.output)}`);
  }

  copy(instruction) {
    const stage = this.stage;
    const { flags, rest } = splitFlags(instruction.args);
    refuseFlags(instruction, flags, ['from', 'chown', 'link']);
    const words = execForm(rest) ?? rest.split(/\s+/);
    if (words.length < 2) throw new Failure(`Dockerfile line ${instruction.line}: COPY needs a source and a destination`);
    const sources = words.slice(0, -1).map((word) => expand(word, stage.env, instruction));
    const destText = expand(words.at(-1), stage.env, instruction);
    const dest = posix.resolve(stage.workdir, destText);
    const wildcard = sources.some((source) => /[*?[]/.test(source));
    const destIsDir = destText.endsWith('/') || destText === '.' || sources.length > 1 || wildcard;
    let from;
    if (flags.from !== undefined) {
      from = this.byName.get(String(flags.from).toLowerCase()) ?? this.stages[Number(flags.from)];
      if (!from || from === stage) throw new Failure(`Dockerfile line ${instruction.line}: COPY --from=${flags.from}: no earlier stage of that name (images cannot be replayed)`);
    }
    let copied = 0;
    for (const source of sources) {
      const matches = from ? this.stageMatches(from, source) : this.contextMatches(source);
      if (matches.length === 0) {
        throw new Failure(`Dockerfile line ${instruction.line}: COPY ${source}: not found in ${from ? `stage ${from.name ?? from.index}` : 'the build context'}${from ? '' : ' (a clean clone, less .dockerignore)'}`);
      }
      for (const match of matches) {
        if (match.directory) {
          const target = this.hostPath(stage, dest);
          for (const file of match.files) copied += this.copyFile(join(match.host, file), join(target, file));
        } else {
          const target = destIsDir ? posix.join(dest, posix.basename(match.path)) : dest;
          copied += this.copyFile(match.host, this.hostPath(stage, target));
        }
      }
    }
    if (dest !== '/') this.containerPaths.add(dest.replace(/\/$/, ''));
    log(`      ${copied} file${copied === 1 ? '' : 's'} into ${dest}${flags.chown ? ` (--chown=${flags.chown} not replayed: files stay the replay's)` : ''}`);
  }

  copyFile(from, to) {
    mkdirSync(join(to, '..'), { recursive: true, mode: 0o755 });
    cpSync(from, to, { verbatimSymlinks: true, preserveTimestamps: true });
    return 1;
  }

  /** Context sources: a file, a directory (its unignored files) or a wildcard pattern. */
  contextMatches(source) {
    const path = posix.normalize(source).replace(/^\/+/, '').replace(/\/+$/, '') || '.';
    const candidates = new Set(this.contextFiles);
    for (const file of this.contextFiles) {
      const parts = file.split('/');
      for (let i = 1; i < parts.length; i++) candidates.add(parts.slice(0, i).join('/'));
    }
    const wanted = /[*?[]/.test(path) ? [...candidates].filter((candidate) => globRegex(path).test(candidate)) : path === '.' ? ['.'] : candidates.has(path) ? [path] : [];
    return wanted.map((match) => {
      const host = match === '.' ? this.contextDir : join(this.contextDir, match);
      if (isDirectory(host)) {
        const prefix = match === '.' ? '' : `${match}/`;
        const files = this.contextFiles.filter((file) => file.startsWith(prefix)).map((file) => file.slice(prefix.length));
        return { path: match, host, directory: true, files };
      }
      return { path: match, host, directory: false };
    });
  }

  /** --from sources: paths in the other stage's filesystem (relative ones from its root). */
  stageMatches(from, source) {
    const path = posix.resolve('/', source);
    if (/[*?[]/.test(path)) throw new Failure(`COPY --from with a wildcard (${source}) cannot be replayed`);
    const host = this.hostPath(from, path);
    if (!existsSync(host) && !isSymlink(host)) return [];
    if (isDirectory(host)) return [{ path, host, directory: true, files: listFiles(host) }];
    return [{ path, host, directory: false }];
  }
}

function isSymlink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function globRegex(pattern) {
  let out = '^';
  for (const ch of pattern) out += ch === '*' ? '[^/]*' : ch === '?' ? '[^/]' : escapeRegex(ch);
  return new RegExp(`${out}$`);
}

function escapeForRegex(text) {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** npm's closing line ("added 123 packages in 9s"), when there is one. */
function summaryOf(output) {
  const line = output.split('\n').reverse().find((text) => /^(added|removed|changed|up to date)\b/.test(text.trim()));
  return line ? ` — ${line.trim()}` : '';
}

/** What would stop the replay halfway, found before anything runs. */
function preflight(instructions) {
  const problems = [];
  const stages = new Set();
  const allowedFlags = { FROM: [], RUN: [], COPY: ['from', 'chown', 'link'], HEALTHCHECK: ['interval', 'timeout', 'start-period', 'start-interval', 'retries'] };
  const hostMajor = process.versions.node.split('.')[0];
  let lastCmd;
  for (const instruction of instructions) {
    const at = `line ${instruction.line}: ${instruction.keyword}`;
    const { flags, rest } = splitFlags(instruction.args);
    for (const name of Object.keys(flags)) {
      if (allowedFlags[instruction.keyword] && !allowedFlags[instruction.keyword].includes(name)) problems.push(`${at} --${name}: a flag the replay does not know`);
    }
    if (instruction.keyword === 'FROM') {
      const [image, as, name] = rest.split(/\s+/);
      if (as !== undefined && (!/^as$/i.test(as) || !name)) problems.push(`${at} ${rest}: expected FROM <image> [AS <name>]`);
      if (!stages.has(image?.toLowerCase())) {
        const node = /^(?:(?:docker\.io\/)?library\/)?node:(\d+)/.exec(image ?? '');
        if (!node) problems.push(`${at} ${image}: only node:<major>… images (stood in for by this machine's Node) or earlier stages can be replayed`);
        else if (node[1] !== hostMajor) problems.push(`${at} ${image}: Node ${node[1]}, but this machine runs Node ${process.versions.node}`);
      }
      if (name) stages.add(name.toLowerCase());
      lastCmd = undefined;
    }
    if (instruction.keyword === 'COPY' && flags.from !== undefined && !stages.has(String(flags.from).toLowerCase()) && !/^\d+$/.test(String(flags.from))) {
      problems.push(`${at} --from=${flags.from}: not an earlier stage (copying from an image cannot be replayed)`);
    }
    if (instruction.keyword === 'CMD') {
      lastCmd = instruction;
      if (!execForm(instruction.args)) problems.push(`${at} ${instruction.args}: only the exec form (["node", "dist/server.js"]) can be replayed, and only it gets signals`);
    }
  }
  if (instructions.length > 0 && !lastCmd) problems.push('the last stage has no CMD');
  return problems;
}

// ---------------------------------------------------------------------------------------------------
// Checking what was built

const checks = { passed: 0, failed: 0 };

function check(label, ok, detail = '') {
  if (ok) {
    checks.passed++;
    log(`  ok    ${label}`);
  } else {
    checks.failed++;
    log(`  FAIL  ${label}${detail ? `\n${detail}` : ''}`);
  }
  return ok;
}

async function request(base, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, type: response.headers.get('content-type') ?? '', text, json };
}

function expectJson(label, response, status, expected) {
  const differences = response.json === undefined ? [`not JSON: ${response.text.slice(0, 200)}`] : jsonDifferences(expected, response.json);
  log(`        expected ${status} ${JSON.stringify(expected)}`);
  log(`        got      ${response.status} ${response.text.length > 300 ? `${response.text.slice(0, 297)}...` : response.text}`);
  return check(label, response.status === status && differences.length === 0, differences.map((line) => `        ${line}`).join('\n'));
}

function expectFields(label, response, status, fields) {
  const got = Object.fromEntries(Object.keys(fields).map((path) => [path, path.split('.').reduce((value, key) => value?.[key], response.json)]));
  log(`        expected ${status} with ${JSON.stringify(fields)}`);
  log(`        got      ${response.status} with ${JSON.stringify(got)}`);
  return check(label, response.status === status && jsonDifferences(fields, got).length === 0);
}

async function checkRuntime(replay, stage) {
  const where = replay.hostPath(stage, stage.workdir);
  const ids = replay.ids(stage);

  // Production dependencies only: nothing the lockfile marks as needed for development alone
  // (dev: true: the devDependencies and what only they pull in) may be installed.
  const lock = JSON.parse(readFileSync(join(where, 'package-lock.json'), 'utf8'));
  const devOnly = Object.entries(lock.packages ?? {}).filter(([path, entry]) => path.startsWith('node_modules/') && entry.dev === true).map(([path]) => path);
  const present = devOnly.filter((path) => existsSync(join(where, path)));
  const installed = Object.keys(lock.packages ?? {}).filter((path) => path.startsWith('node_modules/') && existsSync(join(where, path))).length;
  log(`        ${installed} packages installed in ${stage.workdir}/node_modules; the lockfile marks ${devOnly.length} as dev-only`);
  check('no dev-only package (package-lock.json: dev: true) is installed in the runtime stage', devOnly.length > 0 && present.length === 0, present.length ? `        found: ${present.slice(0, 20).join(', ')}` : devOnly.length === 0 ? '        the lockfile marks no package dev: true' : '');

  // The command line shipped in bin/ runs on the compiled code.
  const cli = await run('node', ['bin/chainrule.js', 'check', 'sin(x^2)', 'cos(x^2)'], { cwd: where, env: replay.processEnv(stage), timeoutMs: 60_000, ...ids });
  const firstLines = cli.stdout.split('\n').slice(0, 5).join(' | ');
  log(`        node bin/chainrule.js check "sin(x^2)" "cos(x^2)" → exit ${cli.code}: ${firstLines}`);
  check('the CLI (bin/chainrule.js) runs in the runtime stage and names missing_inner_factor', cli.code === 0 && /^INCORRECT/.test(cli.stdout) && /missing_inner_factor/.test(cli.stdout), tail(cli.output, 20));

  // The server, as `docker run` would start it.
  const port = await freePort();
  if (stage.env.PORT && !stage.exposed.includes(Number(stage.env.PORT))) {
    check(`EXPOSE lists the port the image listens on (PORT=${stage.env.PORT})`, false, `        exposed: ${stage.exposed.join(', ') || 'nothing'}`);
  } else if (stage.env.PORT) {
    check(`EXPOSE lists the port the image listens on (PORT=${stage.env.PORT})`, true);
  }
  const env = replay.processEnv(stage, { PORT: String(port) });
  delete env.npm_config_cache;
  const [command, ...args] = stage.cmd;
  step(`starting CMD ${JSON.stringify(stage.cmd)} in ${stage.workdir} with ${Object.entries(stage.env).map(([k, v]) => `${k}=${v}`).join(' ')}, PORT=${port}${ids.uid !== undefined ? `, as uid ${ids.uid}` : ''}`);
  const server = startBackground(command, args, { cwd: where, env, ...ids });
  const base = `http://127.0.0.1:${port}`;
  try {
    const t0 = Date.now();
    await waitForHttp(`${base}/health`, server, 30_000);
    log(`        answering after ${seconds(Date.now() - t0)}`);
    expectJson('GET /health answers 200 {"status":"ok"}', await request(base, 'GET', '/health'), 200, { status: 'ok' });
    expectFields(
      'POST /v1/check: a correct answer',
      await request(base, 'POST', '/v1/check', { function: 'sin(x^2)', answer: '2x cos(x^2)' }),
      200,
      { correct: true, verdict: 'correct' },
    );
    expectFields(
      'POST /v1/check: a diagnosed mistake',
      await request(base, 'POST', '/v1/check', { function: 'sin(x)^2', answer: 'cos(x^2)*2x' }),
      200,
      { correct: false, verdict: 'incorrect', 'diagnosis.0.mistake': 'swapped_inner_outer' },
    );
    expectFields('POST /v1/check: an unreadable function is a 422', await request(base, 'POST', '/v1/check', { function: 'sin(x', answer: '1' }), 422, {
      status: 422,
      code: 'unclosed_bracket',
    });
    const contract = await request(base, 'GET', '/openapi.yaml');
    log(`        GET /openapi.yaml → ${contract.status} ${contract.type}, ${contract.text.length} characters`);
    check('GET /openapi.yaml serves the contract (copied into the image)', contract.status === 200 && /^openapi:/m.test(contract.text));
    const docs = await request(base, 'GET', '/docs');
    log(`        GET /docs → ${docs.status} ${docs.type}`);
    check('GET /docs serves the documentation page (production dependencies suffice)', docs.status === 200 && docs.type.startsWith('text/html'));
    const page = await request(base, 'GET', '/');
    const script = /<script type="module" src="(\/page\/[^"]+\.js)"/.exec(page.text)?.[1];
    const bundle = script ? await request(base, 'GET', script) : undefined;
    log(`        GET / → ${page.status} ${page.type}; ${script ?? 'no script named'} → ${bundle?.status ?? '-'} ${bundle?.type ?? ''}`);
    check("GET / serves the instructors' page, and the script it names (dist/page, built in the image)", page.status === 200 && page.type.startsWith('text/html') && bundle?.status === 200 && bundle.type.startsWith('application/javascript'));

    if (stage.healthcheck) {
      const [hcCommand, ...hcArgs] = stage.healthcheck.argv;
      const health = await run(hcCommand, hcArgs, { cwd: where, env, timeoutMs: stage.healthcheck.timeoutMs, ...ids });
      log(`        HEALTHCHECK (line ${stage.healthcheck.line}) → exit ${health.code ?? health.signal} in ${seconds(health.ms)}`);
      check('the HEALTHCHECK command exits 0 against the running server', health.code === 0, tail(health.output, 20));
    } else {
      check('the image has a HEALTHCHECK', false);
    }
  } finally {
    if (!server.exit) {
      // SIGTERM to the process alone, as `docker stop` sends it to PID 1.
      server.child.kill('SIGTERM');
      const exit = await waitForExit(server, 10_000);
      log(`        SIGTERM → ${exit ? `exit ${exit.code ?? exit.signal}` : 'still running after 10 s'}`);
      check('SIGTERM stops the server with exit status 0 within 10 s', exit?.code === 0, exit ? tail(server.output, 20) : '');
      await stopBackground(server, { signal: 'SIGKILL', graceMs: 5000 });
    } else {
      check('the server was still running at the end of the checks', false, tail(server.output, 30));
    }
  }
}

// ---------------------------------------------------------------------------------------------------

await runMain('dockerfile-smoke', async () => {
  const t0 = Date.now();
  const workDir = makeTempDir('chainrule-docker-');
  openUp(workDir);
  const contextDir = join(workDir, 'context');
  step('making the build context');
  log(`      ${cleanCopy(contextDir)}`);
  const dockerfile = join(contextDir, 'Dockerfile');
  if (!existsSync(dockerfile)) throw new Failure(`no Dockerfile in the build context (is it committed? ${REPO_ROOT})`);
  const instructions = parseDockerfile(readFileSync(dockerfile, 'utf8'));
  const npmCache = join(workDir, 'npm-cache');
  mkdirSync(npmCache);
  const replay = new Replay({ contextDir, workDir: join(workDir, 'stages'), npmCache });
  log(`      ${replay.contextFiles.length} files in the context after .dockerignore (${replay.ignorePatterns.length} patterns)`);

  // Every instruction is checked before anything runs, so an unsupported one fails at once.
  const known = new Set(['FROM', 'WORKDIR', 'COPY', 'RUN', 'ENV', 'USER', 'EXPOSE', 'HEALTHCHECK', 'CMD', 'LABEL']);
  const unknown = instructions.filter((instruction) => !known.has(instruction.keyword));
  if (unknown.length > 0) {
    throw new Failure(
      `the Dockerfile uses instructions this replay cannot run:\n${unknown.map((i) => `    line ${i.line}: ${i.keyword} ${i.args}`).join('\n')}\n  (it replays ${[...known].join(', ')}); teach scripts/dockerfile-smoke.mjs, or do without`,
    );
  }

  // …and so is what the replay cannot do with a known one (a shell-form CMD, another base image, a flag).
  const problems = preflight(instructions);
  if (problems.length > 0) throw new Failure(`the Dockerfile cannot be replayed:\n${problems.map((p) => `    ${p}`).join('\n')}`);

  for (const instruction of instructions) {
    const shown = instruction.args.length > 110 ? `${instruction.args.slice(0, 107)}...` : instruction.args;
    step(`line ${instruction.line}: ${instruction.keyword} ${shown}`);
    await replay.apply(instruction);
  }
  const final = replay.stage;
  if (!final) throw new Failure('the Dockerfile has no FROM');
  if (!final.cmd) throw new Failure(`the last stage (${final.name ?? final.index}) has no CMD`);
  step(`build replayed in ${seconds(Date.now() - t0)}; checking the last stage, ${final.name ?? final.index}`);
  await checkRuntime(replay, final);
  log('');
  log(`dockerfile-smoke: replayed and checked in ${seconds(Date.now() - t0)}`);
  log(`dockerfile-smoke: ${checks.passed} passed, ${checks.failed} failed`);
  if (checks.failed > 0) throw new Failure(`${checks.failed} check${checks.failed === 1 ? '' : 's'} failed`);
});
