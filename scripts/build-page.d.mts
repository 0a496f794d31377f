// Types of scripts/build-page.mjs, for the tests that build the page.
import type { BuildOptions, Metafile } from 'esbuild';

export const PAGE_OUT: string;
export function pageBuildOptions(outdir?: string): BuildOptions;
export function buildPage(outdir?: string): Promise<Metafile>;
