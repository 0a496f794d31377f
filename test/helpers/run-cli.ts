/** Run the command line in process, with its standard streams captured. */
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';

export async function runCli(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += chunk));
  stderr.on('data', (chunk) => (err += chunk));
  const code = await main(args, { stdin: Readable.from([stdin]), stdout, stderr });
  return { code, out, err };
}
