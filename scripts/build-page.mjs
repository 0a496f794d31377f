#!/usr/bin/env node
// The instructors' page (src/page) built for the browser into dist/page: part of `npm run build`, so
// `npm start` and the Docker image serve it, and nothing is fetched from anywhere else at run time.
//
//   dist/page/index.html          the document, naming the files below (served at GET /)
//   dist/page/app-HASH.js         the page's code, ES modules; MathLive is a chunk of its own,
//   dist/page/chunks/…-HASH.js    loaded after the page is usable (it is most of the weight)
//   dist/page/style-HASH.css      the page's styles and KaTeX's
//   dist/page/assets/…-HASH.*     KaTeX's fonts (woff2: every browser the page runs in reads it),
//                                 the favicon, the sample class file
//   *.br, *.gz                    the same files compressed, served to browsers that accept them
//
// Every name but index.html carries a hash of its content, so they may be cached for good.
// `--watch` rebuilds on every change (for working on the page with `npm run dev`).

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = join(ROOT, 'src', 'page');
export const PAGE_OUT = join(ROOT, 'dist', 'page');
/** Where the files are served from (src/http/routes/page.ts). */
const PUBLIC_PATH = '/page/';
const COMPRESSIBLE = /\.(js|css|svg|csv|txt)$/;

/**
 * KaTeX's stylesheet offers each font as woff2, woff and ttf. Every browser that runs ES modules
 * reads woff2, so the other two are left out of the build rather than shipped unused.
 */
const woff2Only = {
  name: 'woff2-only',
  setup(build) {
    build.onLoad({ filter: /katex[\\/]dist[\\/]katex\.css$/ }, (args) => {
      const css = readFileSync(args.path, 'utf8');
      const trimmed = css.replace(/,\s*url\([^)]+\.woff\) format\("woff"\),\s*url\([^)]+\.ttf\) format\("truetype"\)/g, '');
      if (/\.(woff|ttf)\)/.test(trimmed)) throw new Error('katex.css: a font other than woff2 is still referenced (has its @font-face layout changed?)');
      return { contents: trimmed, loader: 'css', resolveDir: dirname(args.path) };
    });
  },
};

/** Writes index.html with the built files' names once a build has finished. */
const writeDocument = (outdir) => ({
  name: 'write-document',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length > 0) return;
      const outputs = Object.entries(result.metafile.outputs);
      const entry = (name) => {
        const found = outputs.find(([, output]) => output.entryPoint === `src/page/${name}`);
        if (!found) throw new Error(`no output for src/page/${name}`);
        return PUBLIC_PATH + relative(outdir, resolve(ROOT, found[0])).split('\\').join('/');
      };
      const favicon = hashedCopy(join(SOURCE, 'favicon.svg'), outdir);
      const html = readFileSync(join(SOURCE, 'index.html'), 'utf8')
        .replaceAll('{{script}}', entry('main.ts'))
        .replaceAll('{{style}}', entry('page.css'))
        .replaceAll('{{favicon}}', favicon);
      const left = /\{\{\w+\}\}/.exec(html);
      if (left) throw new Error(`src/page/index.html: ${left[0]} is not filled in by the build`);
      writeFileSync(join(outdir, 'index.html'), html);
      compressAll(outdir);
    });
  },
});

function hashedCopy(file, outdir) {
  const content = readFileSync(file);
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 8);
  const name = file.split(/[\\/]/).pop().replace(/(\.\w+)$/, `-${hash}$1`);
  mkdirSync(join(outdir, 'assets'), { recursive: true });
  writeFileSync(join(outdir, 'assets', name), content);
  return `${PUBLIC_PATH}assets/${name}`;
}

function compressAll(dir) {
  for (const entry of readdirSync(dir, { recursive: true })) {
    const path = join(dir, String(entry));
    if (!COMPRESSIBLE.test(path) || !statSync(path).isFile()) continue;
    const content = readFileSync(path);
    writeFileSync(`${path}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.length } }));
    writeFileSync(`${path}.gz`, gzipSync(content, { level: 9 }));
  }
}

/** The esbuild options of the page's build into `outdir`. */
export function pageBuildOptions(outdir = PAGE_OUT) {
  return {
    absWorkingDir: ROOT,
    entryPoints: ['src/page/main.ts', 'src/page/page.css'],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    // Browsers with adoptedStyleSheets and CSP's style-src-attr: what MathLive's styles rely on.
    target: ['chrome111', 'edge111', 'firefox115', 'safari16.4'],
    minify: true,
    legalComments: 'eof',
    metafile: true,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunks/[name]-[hash]',
    assetNames: 'assets/[name]-[hash]',
    publicPath: PUBLIC_PATH,
    loader: { '.woff2': 'file', '.csv': 'file' },
    // The grader's CSV libraries, in the builds their authors make for browsers.
    alias: { 'csv-parse/sync': 'csv-parse/browser/esm/sync', 'csv-stringify/sync': 'csv-stringify/browser/esm/sync' },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
    plugins: [woff2Only, writeDocument(outdir)],
  };
}

/** Builds the page into `outdir` (emptied first); resolves with esbuild's metafile. */
export async function buildPage(outdir = PAGE_OUT) {
  rmSync(outdir, { recursive: true, force: true });
  const result = await esbuild.build(pageBuildOptions(outdir));
  return result.metafile;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  if (process.argv.includes('--watch')) {
    rmSync(PAGE_OUT, { recursive: true, force: true });
    const context = await esbuild.context(pageBuildOptions());
    await context.watch();
    process.stdout.write(`build-page: watching src/page, writing ${relative(ROOT, PAGE_OUT)}\n`);
  } else {
    const t0 = Date.now();
    const metafile = await buildPage();
    const bytes = Object.entries(metafile.outputs).filter(([path]) => !path.endsWith('.map')).reduce((sum, [, output]) => sum + output.bytes, 0);
    process.stdout.write(`build-page: ${relative(ROOT, PAGE_OUT)} (${Math.round(bytes / 1024)} KiB before compression) in ${Date.now() - t0} ms\n`);
  }
}
