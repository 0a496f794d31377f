#!/usr/bin/env node
// npm run test:readme — a newcomer's first ten minutes, replayed: on a clean clone (a git clone of
// HEAD, or CHAINRULE_SOURCE: see scripts/lib/sandbox.mjs), `npm ci`, then `npm start` with PORT set to
// a free port; once /health answers, every example in README.md is run and its output must equal the
// output the README shows right below it.
//
// What counts as an example in README.md:
//   - a ```sh block holding one command that starts with `curl`, the host written as localhost:3000
//     (the real port is put in its place), immediately followed (blank lines aside) by
//       - a ```json block: the response body, compared as JSON (structure and values; key order and
//         layout are free, so the README may pretty-print), or
//       - a ```http block: what `curl -i` prints — the status line, headers, a blank line, the body —
//         or part of it: the status line must be equal; every header shown must be in the response
//         with the value shown (x-request-id, date and the x-ratelimit counters change with every
//         request: only their presence counts); headers not shown are not compared (the log lists
//         them); the body as above;
//       - a ```text block: the body as lines (an NDJSON stream), compared line by line;
//   - a ```sh block holding one command that starts with `node bin/chainrule.js`, immediately followed
//     by a ```text block: what the command prints on stdout (it must exit 0), compared line by line
//     (trailing spaces aside);
//   - a ```ts block that imports from 'chainrule/client' (the typed client), the service addressed as
//     localhost:3000, immediately followed by a ```text block: the program is written into the clean
//     copy, type-checked with tsc (strict, as an integrator's project would: 'chainrule/client'
//     resolved through package.json's exports to the built dist/client), run with tsx, and what it
//     prints compared line by line.
// A sh block that runs curl or bin/chainrule.js in any other way (several commands, a pipe, no output
// block after it) is an error: every such command in the README is checked or the README is wrong.
// It also checks that README.md's Configuration section names every variable src/http/config.ts reads.
//
// `--write` (with CHAINRULE_SOURCE=$PWD, so the README tested is the one in this checkout) puts the
// real outputs into README.md's output blocks, laid out for reading, instead of failing on them:
// the way to refresh the README after the service changed. Review the diff.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  baseEnv,
  cleanCopy,
  Failure,
  freePort,
  jsonDifferences,
  log,
  makeTempDir,
  REPO_ROOT,
  run,
  runMain,
  seconds,
  startBackground,
  step,
  stopBackground,
  tail,
  waitForHttp,
} from './lib/sandbox.mjs';

// Headers whose values change from one request to the next: only their presence is compared.
const VOLATILE_HEADERS = new Set(['x-request-id', 'date', 'x-ratelimit-remaining', 'x-ratelimit-reset']);
const README_HOST = 'localhost:3000';
/** --write: put the real outputs into README.md (of this checkout) instead of only comparing. */
const WRITE = process.argv.includes('--write');

// ---------------------------------------------------------------------------------------------------
// Reading README.md

/** The fenced code blocks of a Markdown text: { lang, body, line } (line of the opening fence, 1-based). */
export function codeBlocks(markdown) {
  const lines = markdown.split(/\r?\n/);
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( {0,3})(`{3,}|~{3,})\s*([^`\s]*)[^`]*$/.exec(lines[i]);
    if (!open) continue;
    const fence = open[2];
    const body = [];
    let j = i + 1;
    while (j < lines.length && !new RegExp(`^ {0,3}${fence[0]}{${fence.length},}\\s*$`).test(lines[j])) body.push(lines[j++]);
    if (j >= lines.length) throw new Failure(`README.md line ${i + 1}: the code block is never closed`);
    blocks.push({ lang: open[3].toLowerCase(), body: body.join('\n'), line: i + 1, endLine: j + 1 });
    i = j;
  }
  return blocks;
}

/**
 * A shell text's commands: continued lines joined, comments and blank lines dropped. Also says
 * whether any command uses shell operators outside quotes (pipes, lists, redirections, substitutions).
 */
function shellCommands(text) {
  const joined = text.replace(/\\\r?\n/g, ' ');
  const commands = [];
  for (const raw of joined.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    commands.push({ text: line, operators: unquotedOperators(line) });
  }
  return commands;
}

/** Shell operators outside quotes, and whether the quotes close. */
function unquotedOperators(line) {
  const found = [];
  let quote;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote === "'") {
      if (ch === "'") quote = undefined;
    } else if (quote === '"') {
      if (ch === '\\') i++;
      else if (ch === '"') quote = undefined;
      else if (ch === '`' || (ch === '$' && line[i + 1] === '(')) found.push(ch === '`' ? '`' : '$(');
    } else if (ch === '\\') {
      i++;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
      found.push('#');
      break;
    } else if (';|&<>`'.includes(ch) || (ch === '$' && line[i + 1] === '(')) {
      found.push(ch === '$' ? '$(' : ch);
    }
  }
  if (quote) found.push(`unclosed ${quote}`);
  return found;
}

const CURL = /^curl(\s|$)/;
const CLI = /^node\s+bin\/chainrule\.js(\s|$)/;

const CLIENT_IMPORT = /from\s+['"]chainrule\/client['"]/;

/** The examples of a README, each { kind: 'curl' | 'cli' | 'client', command, expected: block, line }. */
export function readmeExamples(markdown) {
  const blocks = codeBlocks(markdown);
  const lines = markdown.split(/\r?\n/);
  const examples = [];
  const problems = [];
  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b];
    if (['ts', 'typescript'].includes(block.lang) && CLIENT_IMPORT.test(block.body)) {
      const next = blocks[b + 1];
      const between = next ? lines.slice(block.endLine, next.line - 1).join('\n').trim() : 'the end of the file';
      const where = `README.md line ${block.line}`;
      if (!next || between !== '' || next.lang !== 'text') problems.push(`${where}: the chainrule/client example must be followed at once by a \`\`\`text block with what it prints`);
      else if (!block.body.includes(README_HOST)) problems.push(`${where}: the chainrule/client example must address ${README_HOST}`);
      else {
        examples.push({ kind: 'client', command: block.body, expected: next, line: block.line });
        b++;
      }
      continue;
    }
    if (!['sh', 'bash', 'shell', 'console', 'zsh'].includes(block.lang)) continue;
    const commands = shellCommands(block.body);
    const relevant = commands.filter((command) => CURL.test(command.text) || CLI.test(command.text) || /(^|[\s;&|(])(curl|node\s+bin\/chainrule\.js)\s/.test(command.text));
    if (relevant.length === 0) continue;
    const where = `README.md line ${block.line}`;
    if (commands.length !== 1) {
      problems.push(`${where}: a sh block that runs curl or bin/chainrule.js must hold that one command alone (it holds ${commands.length})`);
      continue;
    }
    const [command] = commands;
    const kind = CURL.test(command.text) ? 'curl' : CLI.test(command.text) ? 'cli' : undefined;
    if (!kind) {
      problems.push(`${where}: the command must start with curl or node bin/chainrule.js: ${command.text}`);
      continue;
    }
    if (command.operators.length > 0) {
      problems.push(`${where}: one plain command please, without ${command.operators.join(' ')}: ${command.text}`);
      continue;
    }
    const next = blocks[b + 1];
    const between = next ? lines.slice(block.endLine, next.line - 1).join('\n').trim() : 'the end of the file';
    const wanted = kind === 'curl' ? ['json', 'http', 'text'] : ['text'];
    if (!next || between !== '' || !wanted.includes(next.lang)) {
      problems.push(
        `${where}: the ${kind === 'curl' ? 'curl' : 'bin/chainrule.js'} example must be followed at once by a ${wanted.map((lang) => `\`\`\`${lang}`).join(' or ')} block with its real output${between ? ` (found ${between === 'the end of the file' ? between : `text first: "${between.slice(0, 60)}"`})` : ` (found a \`\`\`${next.lang} block)`}`,
      );
      continue;
    }
    if (kind === 'curl' && !command.text.includes(README_HOST)) {
      problems.push(`${where}: the curl example must address ${README_HOST}: ${command.text}`);
      continue;
    }
    examples.push({ kind, command: command.text, expected: next, line: block.line });
    b++;
  }
  if (problems.length > 0) throw new Failure(`README.md has examples that cannot be checked:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return examples;
}

/** `curl -i` output: status line, headers (name lower-cased → value), body. */
function parseHttp(text, where) {
  const normal = text.replace(/\r\n/g, '\n');
  const split = normal.indexOf('\n\n');
  const head = split === -1 ? normal : normal.slice(0, split);
  const body = split === -1 ? '' : normal.slice(split + 2);
  const [statusLine, ...headerLines] = head.split('\n');
  if (!/^HTTP\/[\d.]+ \d{3}/.test(statusLine ?? '')) throw new Failure(`${where}: an http block starts with a status line such as "HTTP/1.1 200 OK", not "${statusLine}"`);
  const headers = new Map();
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Failure(`${where}: cannot read the header line "${line}"`);
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { statusLine: statusLine.trim(), headers, body };
}

function parseJson(text, what) {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Failure(`${what} is not JSON (${error.message}): ${text.slice(0, 200)}`);
  }
}

// ---------------------------------------------------------------------------------------------------
// Comparing

/** Differences between a shown body and a real one: JSON structurally when the shown one is JSON. */
function bodyDifferences(shown, real, where) {
  if (shown.trim().startsWith('{') || shown.trim().startsWith('[')) {
    const expected = parseJson(shown, `${where}: the body shown`);
    let actual;
    try {
      actual = JSON.parse(real);
    } catch {
      return [`the real body is not JSON: ${real.slice(0, 200)}`];
    }
    return jsonDifferences(expected, actual);
  }
  return shown.trim() === real.trim() ? [] : [`expected the body ${JSON.stringify(shown.trim()).slice(0, 200)}, got ${JSON.stringify(real.trim()).slice(0, 200)}`];
}

function httpDifferences(expected, actualText, where) {
  const shown = parseHttp(expected.body, where);
  const real = parseHttp(actualText, `the output of curl for ${where}`);
  const out = [];
  log(`        status   shown "${shown.statusLine}", real "${real.statusLine}"`);
  if (shown.statusLine !== real.statusLine) out.push(`status line: shown "${shown.statusLine}", real "${real.statusLine}"`);
  const compared = [];
  for (const name of shown.headers.keys()) {
    if (!real.headers.has(name)) out.push(`header ${name}: shown "${shown.headers.get(name)}", absent from the real response`);
    else if (VOLATILE_HEADERS.has(name)) compared.push(`${name} (present; value varies)`);
    else if (shown.headers.get(name) !== real.headers.get(name)) out.push(`header ${name}: shown "${shown.headers.get(name)}", real "${real.headers.get(name)}"`);
    else compared.push(name);
  }
  log(`        headers  ${compared.join(', ') || 'none shown'}`);
  const notShown = [...real.headers.keys()].filter((name) => !shown.headers.has(name));
  if (notShown.length > 0) log(`                 not shown (not compared): ${notShown.join(', ')}`);
  const body = bodyDifferences(shown.body, real.body, where);
  log(`        body     ${shown.body.trim() === '' ? 'none shown' : `shown ${oneLine(shown.body)}`}`);
  log(`                 real  ${oneLine(real.body)}`);
  return [...out, ...body];
}

function oneLine(text) {
  let compact = text.trim();
  try {
    compact = JSON.stringify(JSON.parse(compact));
  } catch {
    compact = compact.replace(/\s*\n\s*/g, ' ⏎ ');
  }
  return compact.length > 160 ? `${compact.slice(0, 157)}...` : compact;
}

// ---------------------------------------------------------------------------------------------------
// --write: the real outputs into README.md

/** JSON laid out for reading: a value that fits in the line stays on one line, others are opened up. */
export function formatJson(value, indent = 0, prefixLength = 0) {
  const inline = (v) =>
    Array.isArray(v)
      ? `[${v.map(inline).join(', ')}]`
      : v !== null && typeof v === 'object'
        ? `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${inline(x)}`).join(', ')}}`
        : JSON.stringify(v);
  const one = inline(value);
  if (value === null || typeof value !== 'object' || indent + prefixLength + one.length <= 104) return one;
  const pad = ' '.repeat(indent + 2);
  const entries = Array.isArray(value) ? value.map((item) => ['', item]) : Object.entries(value).map(([k, x]) => [`${JSON.stringify(k)}: `, x]);
  if (entries.length === 0) return one;
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return `${open}\n${entries.map(([key, x]) => pad + key + formatJson(x, indent + 2, key.length)).join(',\n')}\n${' '.repeat(indent)}${close}`;
}

/** What an output block should hold for a command's real stdout (an http block keeps to the headers it showed). */
function blockText(lang, stdout, shownBlock) {
  const text = stdout.replace(/\r\n/g, '\n');
  const pretty = (body) => {
    try {
      return formatJson(JSON.parse(body));
    } catch {
      return body.trimEnd();
    }
  };
  if (lang === 'json') return pretty(text);
  if (lang === 'http') {
    const split = text.indexOf('\n\n');
    const [statusLine, ...headerLines] = (split === -1 ? text.trimEnd() : text.slice(0, split)).split('\n');
    let shown;
    try {
      shown = parseHttp(shownBlock.body, 'README.md').headers;
    } catch {
      shown = new Map();
    }
    // A block that showed no header gets them all; otherwise the ones it showed, as they are now.
    // Values that change with every request keep the ones shown, so a rewrite does not churn them.
    const nameOf = (line) => line.slice(0, line.indexOf(':')).trim().toLowerCase();
    const kept = (shown.size === 0 ? headerLines : headerLines.filter((line) => shown.has(nameOf(line)))).map((line) =>
      VOLATILE_HEADERS.has(nameOf(line)) && shown.has(nameOf(line)) ? `${line.slice(0, line.indexOf(':'))}: ${shown.get(nameOf(line))}` : line,
    );
    const head = [statusLine, ...kept].join('\n');
    return split === -1 ? head : `${head}\n\n${pretty(text.slice(split + 2))}`;
  }
  return text.split('\n').map((line) => line.trimEnd()).join('\n').trimEnd();
}

/** Replace output blocks (by line range) in a Markdown text. */
function rewriteBlocks(markdown, replacements) {
  const lines = markdown.split('\n');
  for (const { expected, text } of [...replacements].sort((a, b) => b.expected.line - a.expected.line)) {
    lines.splice(expected.line, expected.endLine - expected.line - 1, ...text.split('\n'));
  }
  return lines.join('\n');
}

/** The environment variables src/http/config.ts reads: the keys of its `Environment` zod object. */
export function configVariables(source) {
  const start = source.indexOf('const Environment = z.object({');
  const end = start === -1 ? -1 : source.indexOf('\n});', start);
  if (end === -1) throw new Failure('src/http/config.ts: cannot find `const Environment = z.object({ … });`, the list of variables: update scripts/readme-examples.mjs');
  const names = [...source.slice(start, end).matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1]);
  if (names.length === 0) throw new Failure('src/http/config.ts: no variables found in `Environment`: update scripts/readme-examples.mjs');
  return names;
}

/**
 * A chainrule/client example, as an integrator would have it: a TypeScript file in the package (where
 * 'chainrule/client' resolves through package.json's exports to the dist/ that npm start built),
 * type-checked strictly, then run. A type error fails it as an exit status would.
 */
async function runClientExample(dir, index, source, env) {
  const file = `readme-example-${index + 1}.mts`;
  writeFileSync(join(dir, file), source);
  const tsc = join(dir, 'node_modules', '.bin', 'tsc');
  const options = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--lib', 'es2022,dom', '--types', 'node', '--skipLibCheck'];
  const checked = await run(tsc, [...options, file], { cwd: dir, env, timeoutMs: 120_000 });
  log(`        tsc ${checked.code === 0 ? 'found no type error' : `failed (${checked.code ?? checked.signal})`}`);
  if (checked.code !== 0) return { ...checked, stderr: `${checked.stdout}${checked.stderr}` };
  return run(join(dir, 'node_modules', '.bin', 'tsx'), [file], { cwd: dir, env, timeoutMs: 60_000 });
}

/** The text of a `## title` section of a Markdown text (up to the next `## ` heading). */
function section(markdown, title) {
  const match = new RegExp(`^## ${title}\\s*$([\\s\\S]*?)(?=^## |(?![\\s\\S]))`, 'm').exec(markdown);
  return match ? match[1] : undefined;
}

// ---------------------------------------------------------------------------------------------------

await runMain('readme-examples', async () => {
  const t0 = Date.now();
  const curl = await run('curl', ['--version']).catch(() => undefined);
  if (!curl || curl.code !== 0) throw new Failure('curl is not installed: the README examples are curl commands (apt-get install curl)');

  const workDir = makeTempDir('chainrule-readme-');
  const dir = join(workDir, 'chainrule');
  step('the clean copy a newcomer would have');
  log(`      ${cleanCopy(dir)}`);
  const examples = readmeExamples(readFileSync(join(dir, 'README.md'), 'utf8'));
  log(`      README.md: ${examples.filter((e) => e.kind === 'curl').length} curl examples, ${examples.filter((e) => e.kind === 'cli').length} bin/chainrule.js examples, ${examples.filter((e) => e.kind === 'client').length} chainrule/client examples`);
  if (examples.length === 0) throw new Failure('README.md has no examples to check');

  // The Configuration section names every variable the service reads.
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  const variables = configVariables(readFileSync(join(dir, 'src', 'http', 'config.ts'), 'utf8'));
  const configuration = section(readme, 'Configuration');
  if (configuration === undefined) throw new Failure('README.md has no "## Configuration" section');
  const missing = variables.filter((name) => !configuration.includes(`\`${name}\``));
  log(`      src/http/config.ts reads ${variables.join(', ')}`);
  let passed = 0;
  let failed = 0;
  if (missing.length > 0) {
    failed++;
    log(`  FAIL  README.md's Configuration section does not list ${missing.join(', ')} (read by src/http/config.ts)`);
  } else {
    passed++;
    log("  ok    every one of them is in README.md's Configuration section");
  }

  const env = { ...baseEnv(), npm_config_update_notifier: 'false' };
  step('npm ci');
  const install = await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, env });
  if (install.code !== 0) throw new Failure(`npm ci failed (${install.code ?? install.signal}):\n${tail(install.output)}`);
  log(`      done in ${seconds(install.ms)} — ${install.output.split('\n').find((line) => /^added /.test(line.trim()))?.trim() ?? ''}`);

  const outputs = [];
  const port = await freePort();
  step(`npm start, with PORT=${port}`);
  const tStart = Date.now();
  const server = startBackground('npm', ['start'], { cwd: dir, env: { ...env, PORT: String(port) } });
  try {
    const health = await waitForHttp(`http://localhost:${port}/health`, server, 180_000);
    log(`      /health answered ${health.status} after ${seconds(Date.now() - tStart)} (build included)`);

    for (const [index, example] of examples.entries()) {
      const where = `README.md line ${example.line}`;
      const oneLineCommand = example.kind === 'client' ? `chainrule/client: ${example.command.split('\n').length} lines of TypeScript` : example.command;
      const shownCommand = oneLineCommand.length > 150 ? `${oneLineCommand.slice(0, 147)}...` : oneLineCommand;
      step(`example ${index + 1}/${examples.length} (${where}): ${shownCommand}`);
      const command = example.command.split(README_HOST).join(`localhost:${port}`);
      const result = example.kind === 'client' ? await runClientExample(dir, index, command, env) : await run('/bin/sh', ['-c', command], { cwd: dir, env, timeoutMs: 60_000 });
      if (result.code === 0) outputs.push({ expected: example.expected, text: blockText(example.expected.lang, result.stdout, example.expected) });
      let differences;
      if (example.kind === 'curl' && example.expected.lang !== 'text') {
        if (result.code !== 0) differences = [`curl exited ${result.code ?? result.signal}: ${result.stderr.trim().slice(0, 300)}`];
        else if (example.expected.lang === 'http') differences = httpDifferences(example.expected, result.stdout, where);
        else {
          log(`        shown ${oneLine(example.expected.body)}`);
          log(`        real  ${oneLine(result.stdout)}`);
          differences = bodyDifferences(example.expected.body, result.stdout, where);
        }
      } else {
        const shown = example.expected.body.split('\n').map((line) => line.trimEnd()).join('\n').trimEnd();
        const real = result.stdout.split('\n').map((line) => line.trimEnd()).join('\n').trimEnd();
        log(`        shown ${shown.split('\n').length} lines, real ${real.split('\n').length} lines (exit ${result.code ?? result.signal})`);
        differences = [];
        if (result.code !== 0) differences.push(`the command exited ${result.code ?? result.signal}: ${tail(result.stderr, 10)}`);
        const a = shown.split('\n');
        const b = real.split('\n');
        for (let i = 0; i < Math.max(a.length, b.length); i++) {
          if (a[i] !== b[i]) differences.push(`line ${i + 1}: shown ${JSON.stringify(a[i] ?? '(nothing)')}, real ${JSON.stringify(b[i] ?? '(nothing)')}`);
        }
      }
      if (differences.length === 0) {
        passed++;
        log(`  ok    ${where}`);
      } else if (WRITE && result.code === 0) {
        log(`  NEW   ${where}: the README showed something else; its block gets the real output`);
        for (const line of differences.slice(0, 30)) log(`        ${line}`);
      } else {
        failed++;
        log(`  FAIL  ${where}: the README does not show what the command prints:`);
        for (const line of differences.slice(0, 30)) log(`        ${line}`);
        if (differences.length > 30) log(`        … ${differences.length - 30} more`);
      }
    }
  } finally {
    const exit = await stopBackground(server, { signal: 'SIGTERM', graceMs: 10_000 });
    log(`      npm start stopped (${exit.killed ? 'killed after 10 s' : `exit ${exit.code ?? exit.signal}`})`);
  }
  if (WRITE) {
    // The README the examples came from must be the one written to, or the line numbers would lie.
    const target = join(REPO_ROOT, 'README.md');
    if (readFileSync(target, 'utf8') !== readme) throw new Failure(`--write: ${target} is not the README that was tested; run with CHAINRULE_SOURCE=${REPO_ROOT}`);
    const changed = outputs.filter(({ expected, text }) => expected.body !== text);
    writeFileSync(target, rewriteBlocks(readme, outputs));
    log(`      --write: ${changed.length} of ${outputs.length} output blocks of ${target} rewritten with the real outputs: review them (git diff README.md)`);
    if (outputs.length !== examples.length) log(`      --write: ${examples.length - outputs.length} command(s) failed, their blocks are unchanged`);
  }
  log('');
  log(`readme-examples: done in ${seconds(Date.now() - t0)}`);
  log(`readme-examples: ${passed} passed, ${failed} failed`);
  if (failed > 0) throw new Failure(`${failed} check${failed === 1 ? '' : 's'} failed: the README does not say what the service does. Fix the README (outputs are taken from the running service, never written by hand) or the service`);
});
