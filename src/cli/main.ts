/**
 * The command line: `chainrule grade answers.csv`, `chainrule check "f" "answer"`, `chainrule serve`.
 * Exit status: 0 when everything was graded, 1 when a row (or the one answer) could not be read,
 * 2 for bad usage, 3 (grade) when every row was read but some need brackets: they read more than one
 * way, with different verdicts, and were not graded.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { check, type CheckResult } from '../check.js';
import { isWellFormed } from '../i18n/languages.js';
import { isChainRuleCode } from '../mistake-codes.js';
import { languageOf } from '../present/result.js';
import { ReadError } from '../parse/errors.js';
import type { Format } from '../parse/read.js';
import { inProcessChecker } from '../service/checker.js';
import { grade, SummaryCounter } from '../service/grade.js';
import { problemForItem, problemFromError } from '../service/problems.js';
import { Progress } from './progress.js';
import { csvInputs, DEFAULT_COLUMNS, ndjsonInputs, UsageError, type ColumnMap, type LineInput } from './read-items.js';
import { gradeRemotely } from './remote.js';
import { summaryTable } from './summary-table.js';
import { ResultWriter, type LineOutput, type OutputFormat } from './write-results.js';

export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: NodeJS.WriteStream | Writable;
}

const USAGE = `usage:
  chainrule grade <file.csv|file.ndjson|-> [options]   grade a whole class
  chainrule check <function> <answer> [options]        check one answer
  chainrule serve                                      start the HTTP service (PORT, HOST env)

grade options:
  --input csv|ndjson        input format (default: from the file name; stdin: csv)
  --output csv|ndjson       output format (default csv)
  --out <file>              write results to a file instead of stdout
  --function-column <name>  column holding the function (default function); likewise
  --answer-column, --id-column, --variable-column, --format-column
  --url <http://host:port>  grade on a running service instead of in process
  --api-key <key>           with --url, when the service requires one
common options:
  --variable <v>            the variable (default: x, or the function's only letter)
  --format <f>              auto, text, latex or mathml: how expressions are written (default auto)
  --quiet                   exam mode: no expected derivative or candidates
  --lang <tag>              the language of the feedback: en, de, es, fr, pt-BR, zh-Hans (default en)
  --json                    (check) print the result as JSON
`;

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'grade':
        return await gradeCommand(rest, io);
      case 'check':
        return checkCommand(rest, io);
      case 'serve':
        return await serveCommand(rest, io);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        return usage(io, `unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) return usage(io, (error as Error).message);
    throw error;
  }
}

function usage(io: CliIo, message: string): number {
  io.stderr.write(`chainrule: ${message}\n\n${USAGE}`);
  return 2;
}

/** util.parseArgs rejects unknown options and missing values with ERR_PARSE_ARGS_* TypeErrors. */
function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof TypeError && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

/**
 * Answers such as "-sin(x)" start with a dash: only the exact spellings of known options are options
 * (with their value, when they take one); every other argument is positional.
 */
function splitArgs(args: string[], options: Record<string, { type: 'string' | 'boolean' }>): string[] {
  const flags: string[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const name = /^--([a-z][a-z-]*)(=.*)?$/.exec(arg)?.[1];
    const option = name === undefined ? undefined : options[name];
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (option) {
      flags.push(arg);
      if (option.type === 'string' && !arg.includes('=') && i + 1 < args.length) flags.push(args[++i] as string);
    } else if (/^--[a-z]/.test(arg)) {
      throw new UsageError(`unknown option '${arg}'`);
    } else {
      positionals.push(arg);
    }
  }
  return [...flags, '--', ...positionals];
}

/** `grade`'s exit status when every row was read but some answers need brackets to be graded. */
const NEEDS_BRACKETS_STATUS = 3;

const COMMON = {
  variable: { type: 'string' },
  format: { type: 'string' },
  quiet: { type: 'boolean' },
  lang: { type: 'string' },
} as const;

function langOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isWellFormed(value)) throw new UsageError(`--lang must be a language tag such as de, pt-BR or zh-Hans, not '${value}'`);
  return value;
}

function formatOption(value: string | undefined): Format | undefined {
  if (value === undefined) return undefined;
  if (value === 'auto' || value === 'text' || value === 'latex' || value === 'mathml') return value;
  throw new UsageError(`--format must be auto, text, latex or mathml, not '${value}'`);
}

async function gradeCommand(args: string[], io: CliIo): Promise<number> {
  const options = {
    ...COMMON,
      input: { type: 'string' },
      output: { type: 'string' },
      out: { type: 'string' },
      url: { type: 'string' },
      'api-key': { type: 'string' },
      'function-column': { type: 'string' },
      'answer-column': { type: 'string' },
      'id-column': { type: 'string' },
      'variable-column': { type: 'string' },
    'format-column': { type: 'string' },
  } as const;
  const { values, positionals } = parseArgs({ args: splitArgs(args, options), allowPositionals: true, options });
  if (positionals.length !== 1) throw new UsageError('grade takes one file (or - for standard input)');
  const file = positionals[0] as string;
  const inputFormat = values.input ?? (/\.(nd)?jsonl?$/i.test(file) ? 'ndjson' : 'csv');
  if (inputFormat !== 'csv' && inputFormat !== 'ndjson') throw new UsageError(`--input must be csv or ndjson, not '${inputFormat}'`);
  const outputFormat = (values.output ?? 'csv') as OutputFormat;
  if (outputFormat !== 'csv' && outputFormat !== 'ndjson') throw new UsageError(`--output must be csv or ndjson, not '${values.output}'`);
  const columns: ColumnMap = {
    function: values['function-column'] ?? DEFAULT_COLUMNS.function,
    answer: values['answer-column'] ?? DEFAULT_COLUMNS.answer,
    id: values['id-column'] ?? DEFAULT_COLUMNS.id,
    variable: values['variable-column'] ?? DEFAULT_COLUMNS.variable,
    format: values['format-column'] ?? DEFAULT_COLUMNS.format,
  };
  const defaults = { variable: values.variable, format: formatOption(values.format), quiet: values.quiet, lang: langOption(values.lang) };
  const source = file === '-' ? io.stdin : await openForReading(file);
  const inputs = inputFormat === 'csv' ? csvInputs(source, columns, defaults) : ndjsonInputs(source, defaults);
  const out = values.out ? createWriteStream(values.out) : io.stdout;
  const writer = new ResultWriter(out, outputFormat);
  const counter = new SummaryCounter();
  const progress = new Progress(io.stderr as NodeJS.WriteStream);
  const started = Date.now();
  let unreadable = 0;
  try {
    for await (const result of values.url ? gradeRemotely(inputs, values.url, values['api-key']) : gradeLocally(inputs)) {
      counter.add(result);
      if ('error' in result) {
        unreadable++;
        progress.clear();
        io.stderr.write(`line ${result.line}: ${result.error.detail}\n`);
      }
      await writer.write(result);
      progress.tick(unreadable);
    }
  } catch (error) {
    if (!values.url) throw error;
    // The service is not there, refused the batch or broke off: what was graded is written, then why.
    progress.clear();
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    io.stderr.write(`chainrule: grading on ${values.url} failed: ${(error as Error).message}${cause ? ` (${cause})` : ''}\n`);
    return 1;
  }
  writer.finish();
  progress.clear();
  if (out !== io.stdout) await new Promise<void>((resolve, reject) => (out as Writable).end((error?: Error | null) => (error ? reject(error) : resolve())));
  io.stderr.write(summaryTable(counter.summary, (Date.now() - started) / 1000));
  if (unreadable > 0) return 1;
  return counter.summary.needs_brackets > 0 ? NEEDS_BRACKETS_STATUS : 0;
}

async function openForReading(file: string): Promise<Readable> {
  const stream = createReadStream(file);
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error) => reject(new UsageError(`cannot read ${file}: ${error.message}`)));
  });
  return stream;
}

async function* gradeLocally(inputs: AsyncIterable<LineInput>): AsyncGenerator<LineOutput> {
  const lines: number[] = [];
  async function* remember(): AsyncGenerator<LineInput> {
    for await (const input of inputs) {
      lines.push(input.line);
      yield input;
    }
  }
  const checker = inProcessChecker();
  for await (const result of grade(remember(), checker, { toProblem: problemForItem })) {
    yield { ...result, line: lines[result.index] ?? 0 };
  }
}

function checkCommand(args: string[], io: CliIo): number {
  const options = { ...COMMON, json: { type: 'boolean' } } as const;
  const { values, positionals } = parseArgs({ args: splitArgs(args, options), allowPositionals: true, options });
  if (positionals.length !== 2) throw new UsageError('check takes a function and an answer, each in quotes');
  const [fn, answer] = positionals as [string, string];
  let result: CheckResult;
  try {
    result = check(fn, answer, { variable: values.variable, format: formatOption(values.format), quiet: values.quiet, lang: langOption(values.lang) });
  } catch (error) {
    if (!(error instanceof ReadError)) throw error;
    const language = languageOf(values.lang);
    const details = error.details(language);
    io.stderr.write(values.json ? `${JSON.stringify(problemFromError(error, language))}\n` : `cannot read the ${details.field ?? 'input'}: ${details.message}${details.hint ? ` (${details.hint})` : ''}\n`);
    return 1;
  }
  io.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : humanReadable(result));
  return 0;
}

function humanReadable(result: CheckResult): string {
  const lines = [result.verdict.toUpperCase()];
  lines.push(`  answer read as: ${result.answer.text}`);
  if (result.expected) lines.push(`  derivative:     ${result.expected.text}`);
  for (const d of result.diagnosis) {
    const parts = d.at?.outer && d.at.inner ? ` (outer ${d.at.outer.text}, inner ${d.at.inner.text})` : d.at?.rule ? ` (${d.at.rule})` : '';
    const where = d.at ? ` at ${d.at.text}${parts}` : '';
    const combined = d.combined ? `, one of two mistakes together (${d.combined})` : '';
    lines.push(`  mistake: ${d.mistake}${d.variant ? ` (${d.variant}${d.systematic ? (isChainRuleCode(d.mistake) ? ', at every chain node' : ', at every place it applies') : ''}${combined})` : ''}${where}`);
  }
  if (result.ambiguous) lines.push('  (ambiguous: more than one mistake explains the answer)');
  for (const reading of result.readings ?? []) lines.push(`  reading: ${reading.text}${reading.verdict ? ` (${reading.verdict})` : ''}`);
  for (const w of result.warnings) lines.push(`  note (${w.field}): ${w.message}`);
  lines.push('', wrap(result.feedback, 78));
  return `${lines.join('\n')}\n`;
}

function wrap(text: string, width: number): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line.length + word.length + 1 > width && line.length > 0) {
      out.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) out.push(line);
  return out.join('\n');
}

async function serveCommand(args: string[], io: CliIo): Promise<number> {
  if (args.length > 0) throw new UsageError('serve takes no arguments: configure it with PORT, HOST and the other environment variables');
  const { isOperatorsError, serve } = await import('../server.js');
  try {
    await serve();
  } catch (error) {
    if (!isOperatorsError(error)) throw error;
    io.stderr.write(`chainrule: ${error.message}\n`);
    return 1;
  }
  // The server keeps the process alive; the exit status comes from its shutdown.
  return await new Promise<number>(() => undefined);
}
