/**
 * The instructors' page. GET / serves the document under the page's own Content-Security-Policy
 * (protection.ts); /page/… serves what it loads: its scripts, styles, KaTeX's fonts and the sample
 * class file, all built into dist/page by `npm run build` (scripts/build-page.mjs) and nothing from
 * anywhere else. Their names carry a hash of their content, so they are cached for good; compressed
 * copies (brotli, gzip) go to browsers that take them. The page only calls the API: nothing is stored.
 */
import { STATUS_CODES } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { msg } from '../../i18n/message.js';
import { packageRoot } from '../contract.js';
import { HTTP_PROBLEM_TYPES, notFoundProblem, sendProblem } from '../problem.js';
import { DOCUMENT_SECURITY_HEADERS, PAGE_CONTENT_SECURITY_POLICY_HEADER } from '../protection.js';

/** Where `npm run build` puts the page (dist/page at the package root, found as the contract is). */
export const PAGE_DIR = join(packageRoot(), 'dist', 'page');
/** The URL prefix of the page's files (the build writes it into the page). */
export const PAGE_ASSETS_PREFIX = '/page/';

export interface PageOptions {
  /** The built page (default dist/page). */
  dir?: string;
}

export async function registerPageRoutes(app: FastifyInstance, options: PageOptions = {}): Promise<void> {
  const dir = options.dir ?? PAGE_DIR;

  app.get('/', async (request, reply) => {
    let html: Buffer;
    try {
      // Read on each request (it is small): a rebuild shows at once, and nothing is read at start.
      html = await readFile(join(dir, 'index.html'));
    } catch {
      request.log.warn({ dir }, 'the instructors\' page is not built');
      return sendProblem(request, reply, { ...notFoundProblem(request.method), detail: msg('problem.not_found.no_page') });
    }
    // Always asked for again (it names the current build's files); those files themselves never change.
    // A document: helmet's set, with the page's own policy in place of the API's (protection.ts).
    return reply
      .headers(DOCUMENT_SECURITY_HEADERS)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', PAGE_CONTENT_SECURITY_POLICY_HEADER)
      .send(html);
  });

  await app.register(async (files) => {
    // What the file server refuses itself (a range past the end, a failed precondition) is the
    // client's doing: a problem with that status. Anything else goes on to the service's handler.
    files.setErrorHandler((error, request, reply) => {
      const { status, expose } = error as { status?: unknown; expose?: unknown };
      if (typeof status !== 'number' || status < 400 || status >= 500 || expose !== true) throw error;
      return sendProblem(request, reply, {
        type: HTTP_PROBLEM_TYPES.badRequest,
        title: msg('problem.status_title', { status, english: STATUS_CODES[status] ?? 'Bad request' }),
        status,
        detail: msg('problem.framework', { message: (error as Error).message }),
      });
    });
    await files.register(fastifyStatic, {
      root: dir,
      prefix: PAGE_ASSETS_PREFIX,
      decorateReply: false,
      index: false,
      // Files only: a directory is not found (rather than the file server's 403).
      allowedPath: (path) => !path.endsWith('/'),
      preCompressed: true,
      maxAge: '365d',
      immutable: true,
    });
  });
}
