/**
 * The README documents the default credit table (Integrating with an LMS, Scores): it must be the one
 * the service scores with, every code under its credit.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { DEFAULT_CREDITS } from '../../src/present/scoring.js';

it('the README’s credit table is DEFAULT_CREDITS', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('### Scores'), readme.indexOf('### Grading status'));
  const documented: Record<string, number> = {};
  for (const [, credit, codes] of section.matchAll(/^\| (\d(?:\.\d+)?) \| (`[^|]+`) \|$/gm)) {
    for (const [, code] of (codes as string).matchAll(/`([a-z_]+)`/g)) documented[code as string] = Number(credit);
  }
  expect(documented).toEqual(DEFAULT_CREDITS);
});
