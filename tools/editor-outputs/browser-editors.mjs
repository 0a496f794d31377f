// Types each exercise's keys (real key events: page.keyboard) into real editors in headless Chromium
// and records what they export. → is the right arrow key, which leaves a superscript, fraction or root.
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
// The editors are not dependencies of the service: install them apart (see README.md beside this file).
const nm = process.env.EDITORS_MODULES ?? '/tmp/editors/node_modules';
const MATHQUILL_BUILD = process.env.MATHQUILL_BUILD ?? '/tmp/mq-master/build/mathquill.js';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const { chromium } = await import(`${nm}/playwright-core/index.mjs`);
const here = new URL('.', import.meta.url).pathname;
const exercises = JSON.parse(readFileSync(`${here}exercises.json`, 'utf8'));
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
const out = {};
let pageCount = 0;
async function page(scripts) {
  const p = await browser.newPage();
  p.on('pageerror', (e) => console.error('pageerror:', e.message));
  const file = `${tmpdir()}/editor-page${pageCount++}.html`;
  writeFileSync(file, `<html><head><meta charset="utf-8"></head><body>${scripts.map((s) => `<script src="file://${s}"></script>`).join('')}</body></html>`);
  await p.goto(`file://${file}`);
  return p;
}
async function type(p, keys) {
  for (const part of keys.split(/(→)/)) {
    if (part === '→') await p.keyboard.press('ArrowRight');
    else if (part) await p.keyboard.type(part, { delay: 5 });
  }
}
const MQ_LMS = { autoCommands: 'pi theta sqrt nthroot', autoOperatorNames: 'sin cos tan sec csc cot ln log exp arcsin arccos arctan sinh cosh tanh' };
const MQ_WEBWORK = {
  enableSpaceNavigation: true, leftRightIntoCmdGoes: 'up', restrictMismatchedBrackets: true, sumStartsWithNEquals: true,
  supSubsRequireOperand: true,
  autoCommands: ['pi', 'sqrt', 'root', 'vert', 'inf', 'union', 'abs', 'deg', 'AA', 'angstrom', 'ln', 'log']
    .concat(['sin', 'cos', 'tan', 'sec', 'csc', 'cot'].reduce((a, t) => a.concat([t, `arc${t}`, `a${t}`]), [])).join(' '),
  rootsAreExponents: true, logsChangeBase: true, maxDepth: 10,
};
async function mathquill(name, scripts, version, options, keysOf, read) {
  const p = await page(scripts);
  out[name] = {};
  for (const ex of exercises) {
    await p.evaluate(({ version, options }) => {
      document.body.querySelectorAll('.field').forEach((e) => e.remove());
      const el = document.createElement('span'); el.className = 'field'; document.body.appendChild(el);
      window.mf = MathQuill.getInterface(version).MathField(el, options);
      window.mf.focus();
    }, { version, options });
    await type(p, keysOf(ex));
    out[name][ex.id] = await p.evaluate(read);
  }
}
// MathQuill master (github mathquill/mathquill 1cbc1c41, built from source with its Makefile's pipeline).
await mathquill('mathquill', [MATHQUILL_BUILD], 3, MQ_LMS, (ex) => ex.keys,
  () => ({ latex: window.mf.latex(), text: window.mf.text() }));
// WeBWorK (pg/htdocs/js/MathQuill/mqeditor.js) submits mq.text().trim(), and keeps the LaTeX trimmed of \ .
await mathquill('webwork', [`${nm}/@openwebwork/mathquill/dist/mathquill.js`], 3, MQ_WEBWORK, (ex) => ex.ww ?? ex.keys.replace('nthroot', 'root'),
  () => ({ latex: window.mf.latex().replace(/^(?:\\\s)*(.*?)(?:\\\s)*$/, '$1'), text: window.mf.text().trim() }));
{
  const p = await page([`${nm}/mathlive/mathlive.min.js`]);
  await p.waitForFunction(() => customElements.get('math-field') !== undefined);
  out.mathlive = {};
  for (const ex of exercises) {
    await p.evaluate(async () => {
      document.body.querySelectorAll('math-field').forEach((e) => e.remove());
      const mf = document.createElement('math-field'); document.body.appendChild(mf);
      await new Promise((r) => setTimeout(r, 50));
      window.mf = mf;
    });
    await p.click('math-field');
    await p.waitForTimeout(150);
    await type(p, ex.ml ?? ex.keys);
    out.mathlive[ex.id] = await p.evaluate(() => ({ latex: window.mf.value, ascii: window.mf.getValue('ascii-math'), mathml: window.mf.getValue('math-ml') }));
  }
}
writeFileSync(process.argv[2] ?? 'browser-outputs.json', JSON.stringify(out, null, 2));
await browser.close();
console.log('ok');
