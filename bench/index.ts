/**
 * `npm run bench`: figures, not pass/fail. Timings depend on the machine; the README quotes a run on
 * the 2-core development machine.
 */
import { benchBatch } from './batch.js';
import { benchCheck } from './check.js';
import { benchCore } from './core.js';
import { benchDiagnosis } from './diagnosis.js';
import { benchFrontier } from './frontier.js';
import { benchHttp } from './http.js';
import { benchNewAnswers } from './new-answers.js';
import { buildService, SERVER_NODE, serverNodeVersion } from './servers.js';
import { benchValidate } from './validate.js';

/** Sections by name: `npm run bench -- new-answers` runs that one; no name runs them all. */
const SECTIONS: Record<string, () => void | Promise<void>> = {
  core: benchCore,
  check: benchCheck,
  diagnosis: benchDiagnosis,
  validate: benchValidate,
  batch: benchBatch,
  http: benchHttp,
  'new-answers': () => {
    buildService();
    return benchNewAnswers();
  },
  frontier: () => {
    buildService();
    return benchFrontier();
  },
};

const chosen = process.argv.slice(2);
const unknown = chosen.filter((name) => !(name in SECTIONS));
if (unknown.length > 0) {
  console.error(`unknown section ${unknown.join(', ')}: choose from ${Object.keys(SECTIONS).join(', ')}`);
  process.exit(2);
}
const servers = SERVER_NODE === process.execPath ? '' : ` (servers on node ${serverNodeVersion()}, BENCH_NODE)`;
console.log(`chainrule benchmarks — node ${process.version}${servers}, ${process.platform}/${process.arch}\n`);
for (const name of chosen.length > 0 ? chosen : Object.keys(SECTIONS)) await SECTIONS[name]!();
