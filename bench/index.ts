/**
 * `npm run bench`: figures, not pass/fail. Timings depend on the machine; the README quotes a run on
 * the 2-core development machine.
 */
import { benchBatch } from './batch.js';
import { benchCheck } from './check.js';
import { benchCore } from './core.js';
import { benchDiagnosis } from './diagnosis.js';
import { benchHttp } from './http.js';
import { benchValidate } from './validate.js';

console.log(`chainrule benchmarks — node ${process.version}, ${process.platform}/${process.arch}\n`);
benchCore();
benchCheck();
benchDiagnosis();
benchValidate();
await benchBatch();
await benchHttp();
