// Numbas's own JME parser and display (tests/jme-runtime.js of github numbas/Numbas): each typed answer
// as Numbas reads it and writes it back (jme.display.treeToJME), what Numbas stores as the student's expression.
// NUMBAS_DIR holds tests/jme-runtime.js and tests/locales.js of a Numbas checkout; jsdom is installed apart.
const { JSDOM } = await import(`${process.env.EDITORS_MODULES ?? '/tmp/editors/node_modules'}/jsdom/lib/api.js`);
const numbas = process.env.NUMBAS_DIR ?? '/tmp/numbas';
import { writeFileSync } from 'node:fs';
const { window } = new JSDOM('');
global.window = window; global.document = window.document;
await import(`${numbas}/jme-runtime.js`);
await import(`${numbas}/locales.js`);
Numbas.queueScript('base',[],function() {});
await Numbas.awaitScripts(['jme','jme-display','localisation']);
Numbas.locale.set_preferred_locale('en-GB'); Numbas.locale.init();
const typed = {
  'sin-x2': '2x cos(x^2)', 'e-sin': 'cos(x) e^(sin(x))', 'e-cos': '-sin(x)e^cos(x)', 'e-tan': 'sec(x)^2 e^(tan(x))',
  'sqrt-x2p1': 'x/sqrt(x^2+1)', 'ln-x2p1': '2x/(x^2+1)', 'poly5': '15(3x+1)^4', 'sin-half': '1/2 cos(x/2)', 'cos-3x': '-3sin(3x)',
  'e-mx2': '-2x e^(-x^2)', 'sin-squared': '2sin(x)cos(x)', 'tan-x3': '3x^2 sec(x^3)^2', 'root-power': '4/3 x^(1/3)',
  'ln-cos': '-tan(x)', 'sigmoid': 'e^(-x)/(1+e^(-x))^2', 'e-3x-ambiguous': '3e^3x',
  'wrong-mif': 'cos(x^2)', 'wrong-nd': 'e^sin(x)', 'wrong-oid': '2x cos(2x)',
};
const out = {};
for (const [id, s] of Object.entries(typed)) out[id] = { typed: s, jme: Numbas.jme.display.treeToJME(Numbas.jme.compile(s)) };
writeFileSync(process.argv[2] ?? 'numbas-outputs.json', JSON.stringify(out, null, 2));
