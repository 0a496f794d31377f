/**
 * The instructors' page in a real browser (Debian's Chromium, playwright-core) against the real
 * service: a wrong answer typed in the math editor and its diagnosis; plain text; the keyboard
 * alone; a class file graded, charted, sorted and downloaded; a 375 px screen; axe-core in every
 * state; languages, scores and an API key asked for; and a service from before languages (stood in
 * front of the real one), which the page still serves. On every page: no script or console error, no CSP violation, nothing
 * fetched from another origin. Screenshots go to test-output/.
 *
 * Run by `npm run test:browser` (which builds first), in CI by .ci/run.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { axe, expectClean, LANGUAGE_PROBE, launchBrowser, openPage, OUTPUT, screenshot, serious, startService, type Opened, type Service } from './harness.js';

let service: Service;
let browser: Browser;
const opened: Opened[] = [];

beforeAll(async () => {
  service = await startService();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const { context } of opened) await context.close().catch(() => undefined);
  await browser?.close();
  await service?.stop();
});

async function open(options: { width?: number; height?: number } = {}): Promise<Opened> {
  const page = await openPage(browser, service, options);
  opened.push(page);
  await page.page.goto(`${service.url}/`);
  return page;
}

/** Waits until MathLive has loaded and the math fields are the ones shown. */
async function mathReady(page: Page): Promise<void> {
  await page.locator('math-field#answer-math').waitFor({ state: 'visible' });
  await page.locator('math-field#function-math').waitFor({ state: 'visible' });
}

/** Types into a math field as a person does (replacing what it held), and waits until it holds `latex`. */
async function typeMath(page: Page, id: string, keys: Array<string | { press: string }>, latex: string): Promise<void> {
  await page.locator(`#${id}`).click();
  await page.waitForFunction((want) => document.activeElement?.id === want, id);
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Backspace');
  for (const key of keys) {
    if (typeof key === 'string') await page.keyboard.type(key, { delay: 40 });
    else await page.keyboard.press(key.press);
  }
  await page.waitForFunction(([want, value]) => (document.getElementById(want) as unknown as { value: string }).value === value, [id, latex] as const);
}

/** The LaTeX KaTeX was given for the first formula in an element (its MathML keeps it). */
async function formula(page: Page, selector: string): Promise<string> {
  return (await page.locator(`${selector} annotation[encoding="application/x-tex"]`).first().textContent()) ?? '';
}

/** Waits until the first formula in an element is `latex` (a reading catches up with the typing). */
async function formulaBecomes(page: Page, selector: string, latex: string): Promise<void> {
  await page.waitForFunction(([where, want]) => document.querySelector(`${where} annotation[encoding="application/x-tex"]`)?.textContent === want, [selector, latex] as const);
}

async function noOverflow(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  expect(widths.page, 'the page scrolls sideways').toBeLessThanOrEqual(widths.viewport);
}

async function clean(page: Opened, expected?: RegExp[]): Promise<void> {
  const { problems } = await expectClean(page, expected);
  expect(problems).toEqual([]);
}

describe('Try an answer', () => {
  test('a wrong answer typed in the math editor: read as it is typed, then its diagnosis, its place marked, the steps', async () => {
    const page = await open();
    const { page: p } = page;
    await mathReady(p);
    await typeMath(p, 'function-math', ['e^', 'sin(x^2', { press: 'ArrowRight' }, { press: 'ArrowRight' }], 'e^{\\sin\\left(x^2\\right)}');
    await formulaBecomes(p, '#function-reading', 'f = e^{\\sin\\left(x^{2}\\right)}');
    // The student kept the chain at e^u and forgot it at sin(x^2).
    await typeMath(p, 'answer-math', ['e^', 'sin(x^2', { press: 'ArrowRight' }, { press: 'ArrowRight' }, 'cos(x^2'], 'e^{\\sin\\left(x^2\\right)}\\cos\\left(x^2\\right)');
    await formulaBecomes(p, '#answer-reading', "f' = e^{\\sin\\left(x^{2}\\right)}\\cos\\left(x^{2}\\right)");

    await p.keyboard.press('Enter');
    await p.locator('#try-result .verdict').waitFor();
    expect(await p.locator('#try-result .verdict').textContent()).toBe('✗Incorrect');
    expect(await p.locator('#try-status').textContent()).toBe('Incorrect: Inner derivative left out.');
    const mistake = p.locator('.diagnoses > li').first();
    expect(await mistake.locator('.title').textContent()).toBe('Inner derivative left out (missing_inner_factor, variant a)');
    // The place, sin(x^2), is marked inside e^(sin(x^2)).
    expect(await formula(p, '.diagnoses .in-function')).toBe('e^{{\\htmlClass{place}{\\sin\\left(x^{2}\\right)}}}');
    expect(await mistake.locator('.place').count()).toBe(1);
    expect(await p.locator('#try-result .feedback').textContent()).toContain('You left out the inner derivative at sin(x^2)');
    // Two chain nodes, outermost first, each with F'(u) and u'.
    expect(await p.locator('.steps > li').count()).toBe(2);
    expect(await formula(p, '.steps > li:nth-child(2) .formula')).toContain("_{F'(u)}");
    await screenshot(p, 'try-it');
    await clean(page);
  });

  test('plain text: the expressions carried over, an answer that needs brackets, an unreadable one shown where it breaks', async () => {
    const page = await open();
    const { page: p } = page;
    await mathReady(p);
    await typeMath(p, 'function-math', ['sin(x/2'], '\\sin\\left(\\frac{x}{2}\\right)');
    await p.waitForFunction(() => document.querySelector('#function-reading annotation')?.textContent?.includes('frac'));
    await p.getByLabel('plain text').check();
    await p.locator('#function-text').waitFor({ state: 'visible' });
    expect(await p.locator('math-field#function-math').isHidden()).toBe(true);
    // The service's reading of what was typed, as text that reads back.
    expect(await p.locator('#function-text').inputValue()).toBe('sin(x/2)');

    await p.locator('#answer-text').fill('1/2cos(x/2)');
    await p.waitForFunction(() => document.querySelector('#answer-reading .message.warning') !== null);
    expect(await p.locator('#answer-reading .message.warning').first().textContent()).toContain('can also be read as');
    await p.locator('#answer-text').press('Enter');
    await p.waitForFunction(() => document.querySelector('#try-result .verdict')?.textContent?.includes('Needs brackets'));
    expect(await p.locator('#try-result li .math').count()).toBeGreaterThanOrEqual(2);
    expect(await p.locator('#try-result').textContent()).toContain('The answer reads more than one way');

    await p.locator('#answer-text').fill('cos(x/2');
    await p.waitForFunction(() => document.querySelector('#answer-reading .message.error mark') !== null);
    expect(await p.locator('#answer-reading .message.error').textContent()).toContain("the bracket '(' at position 3 is never closed");
    expect(await p.locator('#answer-reading mark').textContent()).toBe('(');

    // An example is one click away, and checked at once.
    await p.getByRole('button', { name: 'inner and outer swapped' }).click();
    await p.waitForFunction(() => document.querySelector('#try-status')?.textContent === 'Incorrect: Inner and outer functions swapped.');
    expect(await p.locator('#function-text').inputValue()).toBe('sin(x)^2');
    await clean(page);
  });

  test('exam mode shows what a student sees: no derivative, no steps', async () => {
    const page = await open();
    const { page: p } = page;
    await p.getByText('More options').click();
    await p.getByLabel(/Exam mode: show only/).check();
    await p.getByRole('button', { name: 'inner derivative left out' }).click();
    await p.waitForFunction(() => document.querySelector('#try-status')?.textContent === 'Incorrect: Inner derivative left out.');
    const text = (await p.locator('#try-result').textContent()) ?? '';
    expect(text).not.toContain('The derivative, step by step');
    expect(await p.locator('#try-result dt', { hasText: 'The derivative' }).count()).toBe(0);
    expect(text).toContain('Exam mode');
    expect(await p.locator('#try-result .feedback').textContent()).toBe('You left out the inner derivative at sin(x^2): after differentiating the outer function, multiply by the derivative of the inner function.');
    await clean(page);
  });
});

/** A class as an LMS exports it: its own column names, a BOM, CRLF, a quoted comma, a row that cannot be read. */
function lmsExport(): string {
  const rows = [
    'Email address,Question,Response 1',
    'ann@example.edu,sin(x^2),2x cos(x^2)',
    'ben@example.edu,sin(x^2),cos(x^2)',
    'cy@example.edu,sin(x^2),cos(2x)',
    'dee@example.edu,(3x+1)^5,5(3x+1)^4',
    'eve@example.edu,(3x+1)^5,15(3x+1)^4',
    'fay@example.edu,(3x+1)^5,5(3x+1)^4',
    '"gus@example.edu","ln(x^2+1)","1/(x^2+1)"',
    'hal@example.edu,ln(x^2+1),2x/(x^2+1),extra',
    'ida@example.edu,e^(-x^2),e^(-2x)',
    'jo@example.edu,sin(x^2),cos(x^2',
  ];
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}

describe('A class at a glance', () => {
  test('an LMS export: columns guessed, graded, charted per code and per place, sorted, filtered, downloaded', async () => {
    const page = await open();
    const { page: p } = page;
    mkdirSync(OUTPUT, { recursive: true });
    const file = join(OUTPUT, 'lms-class.csv');
    writeFileSync(file, lmsExport());
    await p.setInputFiles('#class-file', file);
    await p.locator('#class-form').waitFor({ state: 'visible' });
    expect(await p.locator('#class-read').textContent()).toBe('lms-class.csv: 9 answers; 1 cannot be read and will be listed as errors. Columns: Email address, Question, Response 1.');
    expect(await p.locator('#column-function').inputValue()).toBe('Question');
    expect(await p.locator('#column-answer').inputValue()).toBe('Response 1');
    expect(await p.locator('#column-id').inputValue()).toBe('Email address');

    await p.getByRole('button', { name: 'Grade the class' }).click();
    await p.locator('#chart-codes-title').waitFor({ state: 'attached' });
    expect(await p.locator('#class-status').textContent()).toBe('Graded 10 answers: 2 correct, 6 incorrect, 0 needing brackets, 0 undetermined, 2 not read.');
    // Per code: missing_inner_factor (ben, dee, fay, gus), outer_at_inner_derivative (cy; ida, whose
    // answer is also an inner_only).
    const codes = await p.locator('.chart.codes g.row').evaluateAll((rows) => rows.map((row) => [row.getAttribute('data-key'), row.querySelector('.count')?.textContent]));
    expect(codes).toEqual([
      ['missing_inner_factor', '4'],
      ['outer_at_inner_derivative', '2'],
      ['inner_only', '1'],
    ]);
    expect(await p.locator('.chart.codes rect.bar').count()).toBe(codes.length);
    const desc = (await p.locator('#chart-codes-desc').textContent()) ?? '';
    expect(desc).toContain('Inner derivative left out (missing_inner_factor): 4 answers');
    // Per place: (3x+1)^5 twice, sin(x^2) twice, ln(x^2+1) once...
    const places = await p.locator('.chart.places g.row title').allTextContents();
    expect(places).toEqual(expect.arrayContaining(['(3*x + 1)^5: 2', 'sin(x^2): 2', 'ln(x^2 + 1): 1']));

    const table = p.locator('#class-table');
    expect(await table.locator('tbody tr').count()).toBe(10);
    await table.getByRole('button', { name: 'Verdict' }).click();
    expect(await table.locator('th', { hasText: 'Verdict' }).getAttribute('aria-sort')).toBe('ascending');
    expect(await table.locator('tbody tr').first().locator('.tag').textContent()).toBe('Correct');
    await table.getByRole('button', { name: 'Verdict' }).click();
    expect(await table.locator('tbody tr').first().locator('.tag').textContent()).toBe('Not read');
    await p.getByLabel('Show', { exact: true }).selectOption('code:missing_inner_factor');
    expect(await table.locator('tbody tr').count()).toBe(4);
    expect(await p.locator('#table-count').textContent()).toBe('4 of 10 answers shown.');

    const [download] = await Promise.all([p.waitForEvent('download'), p.getByRole('button', { name: 'Download the graded CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('lms-class-graded.csv');
    const saved = join(OUTPUT, 'lms-class-graded.csv');
    await download.saveAs(saved);
    const lines = readFileSync(saved, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('id,line,correct,verdict,mistakes,feedback,expected');
    expect(lines).toHaveLength(11);
    expect(lines[2]).toMatch(/^ben@example\.edu,3,false,incorrect,missing_inner_factor\(a\),/);
    expect(lines.find((line) => line.startsWith(',9,'))).toMatch(/^,9,false,error,,"?line 9: .*,$/);
    await p.locator('#class').screenshot({ path: join(OUTPUT, 'class.png') });
    await clean(page);
  });

  test('the sample class, for a first try without a file of your own', async () => {
    const page = await open();
    const { page: p } = page;
    const sample = await p.locator('#sample-link').getAttribute('href');
    expect(sample).toMatch(/^\/page\/assets\/sample-class-\w+\.csv$/);
    await p.getByRole('button', { name: 'use the sample class' }).click();
    await p.getByRole('button', { name: 'Grade the class' }).click();
    await p.locator('.chart.places svg').waitFor();
    expect(await p.locator('#class-status').textContent()).toMatch(/^Graded 22 answers: 6 correct, 14 incorrect, 1 needing brackets, 0 undetermined, 1 not read\.$/);
    await clean(page);
  });
});

describe('Keyboard alone', () => {
  test('an answer checked and a class graded and sorted without a pointer', async () => {
    const page = await open();
    const { page: p } = page;
    await mathReady(p);
    const tabTo = async (done: () => Promise<boolean>, what: string) => {
      for (let i = 0; i < 80; i++) {
        if (await done()) return;
        await p.keyboard.press('Tab');
      }
      throw new Error(`Tab never reached ${what}`);
    };
    const focused = () => p.evaluate(() => document.activeElement?.id ?? '');
    // The first Tab reaches the skip link, which leads to the content.
    await p.keyboard.press('Tab');
    expect(await p.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the content');
    await tabTo(async () => (await focused()) === 'answer-math', 'the answer field');
    for (const key of 'cos(x^2') await p.keyboard.type(key, { delay: 40 });
    await p.waitForFunction(() => (document.getElementById('answer-math') as unknown as { value: string }).value === '\\cos\\left(x^2\\right)');
    await p.keyboard.press('Enter');
    await p.waitForFunction(() => document.querySelector('#try-status')?.textContent === 'Incorrect: Inner derivative left out.');

    await tabTo(async () => (await p.evaluate(() => document.activeElement?.textContent)) === 'use the sample class', 'the sample button');
    await p.keyboard.press('Enter');
    await p.waitForFunction(() => document.activeElement?.id === 'grade-button');
    await p.keyboard.press('Enter');
    await p.locator('.chart.codes svg').waitFor();
    await tabTo(async () => (await p.evaluate(() => document.activeElement?.textContent)) === 'Verdict', 'the Verdict column');
    await p.keyboard.press('Enter');
    expect(await p.locator('#class-table th', { hasText: 'Verdict' }).getAttribute('aria-sort')).toBe('ascending');
    await clean(page);
  });
});

describe('375 px wide', () => {
  test('nothing scrolls sideways but the table, in every state', async () => {
    const page = await open({ width: 375, height: 812 });
    const { page: p } = page;
    await mathReady(p);
    await noOverflow(p);
    await p.getByRole('button', { name: 'inner and outer swapped' }).click();
    await p.locator('#try-result .steps').waitFor();
    await noOverflow(p);
    await p.getByRole('button', { name: 'use the sample class' }).click();
    await p.getByRole('button', { name: 'Grade the class' }).click();
    await p.locator('.chart.places svg').waitFor();
    await noOverflow(p);
    // The charts are drawn at the width they have (drawn again when it changes): their text is not shrunk.
    await p.waitForFunction(() => {
      const svg = document.querySelector('.chart.codes svg');
      const shown = svg?.getBoundingClientRect().width ?? 0;
      return shown > 300 && Math.abs(Number(svg?.getAttribute('width')) - shown) < 2;
    });
    await screenshot(p, 'narrow');
    await clean(page);
  });
});

describe('Accessibility (axe-core)', () => {
  test('no serious or critical violation: on arrival, with a result, with a class, in plain text, at 375 px', async () => {
    const wide = await open();
    const p = wide.page;
    await mathReady(p);
    const reports = [await axe(p, 'arrival')];
    await p.getByRole('button', { name: 'inner derivative left out' }).click();
    await p.locator('#try-result .steps').waitFor();
    reports.push(await axe(p, 'a checked answer'));
    await p.getByRole('button', { name: 'use the sample class' }).click();
    await p.getByRole('button', { name: 'Grade the class' }).click();
    await p.locator('.chart.places svg').waitFor();
    reports.push(await axe(p, 'a graded class'));
    await p.getByLabel('plain text').check();
    await p.locator('#answer-text').fill('cos(x^2');
    await p.locator('#answer-reading .message.error').waitFor();
    reports.push(await axe(p, 'plain text, an unreadable answer'));
    const narrow = await open({ width: 375, height: 812 });
    await mathReady(narrow.page);
    await narrow.page.getByRole('button', { name: 'a correct answer' }).click();
    await narrow.page.locator('#try-result .steps').waitFor();
    reports.push(await axe(narrow.page, '375 px, a checked answer'));

    for (const report of reports) {
      // Every violation is in test-output/axe.json; the milder ones are printed for review.
      for (const v of report.violations) console.log(`axe ${report.state}: ${v.impact} ${v.id}: ${v.help} (${v.targets.length})`);
      expect(report.passes).toBeGreaterThan(20);
    }
    expect(reports.flatMap(serious)).toEqual([]);
    await clean(wide);
    await clean(narrow);
  });
});

describe('The policy', () => {
  test("MathLive's virtual keyboard and menu work under it; an injected inline script is refused", async () => {
    const page = await open();
    const { page: p } = page;
    await mathReady(p);
    // Everything MathLive draws (keyboard, menu, formulas) within the page's CSP, nothing fetched.
    await p.locator('#answer-math [part=virtual-keyboard-toggle]').click();
    await p.locator('.ML__keyboard').waitFor({ state: 'visible' });
    for (const key of ['2', 'x']) await p.locator(`.MLK__keycap[aria-label="${key}"]:visible`).first().click();
    await p.waitForFunction(() => (document.getElementById('answer-math') as unknown as { value: string }).value === '2x');
    await p.locator('#answer-math [part=menu-toggle]').click();
    await clean(page);
    const ran = await p.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true';
      document.body.append(script);
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    await p.waitForFunction(() => (window as unknown as { __cspViolations: string[] }).__cspViolations.some((v) => v.startsWith('script-src')));
    const response = await p.request.get(`${service.url}/`);
    expect(response.headers()['content-security-policy']).toContain("script-src 'self'");
  });
});

/**
 * A service from before languages, stood in front of this one: it refuses any request carrying `lang`
 * by naming the field (as a strict service refuses an unknown field), and answers the rest.
 */
async function serviceWithoutLanguages(p: Page): Promise<void> {
  await p.route('**/v1/**', async (route: Route) => {
    const body = route.request().postData() ?? '';
    if (body.includes('"lang"')) {
      const problem = { type: 'https://chainrule.dev/problems/invalid-request', title: 'The request is not valid', status: 400, detail: 'The request body is not valid: lang: unknown field.', errors: [{ field: 'lang', message: 'unknown field' }] };
      await route.fulfill({ status: 400, contentType: 'application/problem+json', body: JSON.stringify(problem) });
      return;
    }
    await route.fallback();
  });
}

describe('Keys, languages and scores', () => {
  let keyed: Service;
  beforeAll(async () => {
    keyed = await startService({ API_KEYS: 'a-long-enough-test-key-0001' });
  });
  afterAll(async () => {
    await keyed?.stop();
  });

  test('asks for the key, offers the languages, shows the feedback in the one chosen, with the score and the grading status', async () => {
    const page = await openPage(browser, keyed);
    opened.push(page);
    const { page: p, watch } = page;
    const key = 'a-long-enough-test-key-0001';
    await p.goto(`${keyed.url}/`);
    await p.locator('#key-box').waitFor({ state: 'visible' });
    await p.getByLabel('API key').fill(key);
    await p.getByRole('button', { name: 'Use this key' }).click();
    await p.locator('#language-box').waitFor({ state: 'visible' });
    const offered = await p.locator('#language option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(offered).toEqual(['', 'en', 'de', 'es', 'fr', 'pt-BR', 'zh-Hans']);
    await p.getByLabel('Feedback language').selectOption('de');
    await p.getByRole('button', { name: 'inner derivative left out' }).click();
    await p.waitForFunction(() => document.querySelector('#try-result .feedback')?.getAttribute('lang') === 'de');
    expect(await p.locator('#try-result dl.grade').textContent()).toBe('Score0 / 1Grading statusGraded');
    expect(await p.locator('#try-result .feedback').textContent()).toMatch(/^Sie haben bei sin\(x\^2\) die innere Ableitung weggelassen/);
    expect(watch.apiCalls.some((call) => call.startsWith('POST /v1/check ') && call.includes('"lang":"de"'))).toBe(true);

    await p.getByRole('button', { name: 'use the sample class' }).click();
    await p.getByRole('button', { name: 'Grade the class' }).click();
    await p.locator('#class-table').waitFor();
    const headers = await p.locator('#class-table th').allTextContents();
    expect(headers).toEqual(expect.arrayContaining(['Score', 'Grading status']));
    expect(await p.locator('#class-table tbody tr').first().textContent()).toContain('Graded');
    // The class was graded in German too: every item of the stream carried the language.
    const batch = watch.apiCalls.find((call) => call.startsWith('POST /v1/check/batch ')) ?? '';
    expect(batch.trim().split('\n').every((line, i) => (i === 0 ? line.slice(line.indexOf('{')) : line).includes('"lang":"de"'))).toBe(true);
    await clean(page, [/^401 /]);
  });

  test('this service takes lang: the selector is offered at once, and only the probe carries lang until a language is chosen', async () => {
    const page = await open();
    const { page: p } = page;
    await p.locator('#language-box').waitFor({ state: 'visible' });
    await p.getByRole('button', { name: 'inner derivative left out' }).click();
    await p.locator('#try-result .verdict').waitFor();
    expect(await p.locator('#try-result .feedback').getAttribute('lang')).toBe('en');
    const withLang = page.watch.apiCalls.filter((call) => call.includes('"lang"'));
    expect(withLang).toEqual(['POST /v1/check {"function":"x","answer":"1","lang":"en"}']);
    await p.getByLabel('Feedback language').selectOption('zh-Hans');
    await p.waitForFunction(() => document.querySelector('#try-result .feedback')?.getAttribute('lang') === 'zh-Hans');
    expect(await p.locator('#try-result .feedback').textContent()).toContain('sin(x^2)');
    expect(await p.locator('#try-result .feedback').textContent()).not.toContain('You left out');
    await clean(page);
  });

  test('a service from before languages gets no selector, and nothing but the probe carries lang', async () => {
    const page = await openPage(browser, service);
    opened.push(page);
    const { page: p } = page;
    await serviceWithoutLanguages(p);
    await p.goto(`${service.url}/`);
    await p.getByRole('button', { name: 'inner derivative left out' }).click();
    await p.locator('#try-result .verdict').waitFor();
    expect(await p.locator('#language-box').isHidden()).toBe(true);
    const withLang = page.watch.apiCalls.filter((call) => call.includes('"lang"'));
    expect(withLang).toEqual(['POST /v1/check {"function":"x","answer":"1","lang":"en"}']);
    await clean(page, [LANGUAGE_PROBE]);
  });
});
