/**
 * The instructors' page (GET /): "Try an answer" and "A class at a glance", over the service's own
 * API. Everything it loads comes from the service (dist/page, built by scripts/build-page.mjs);
 * MathLive, most of the weight, is loaded after the page is usable, and its absence leaves the
 * plain-text fields working.
 */
import { Api, catalogueLoader } from './api.js';
import { ClassView } from './class-view.js';
import { byId } from './dom.js';
import { setUpLanguages } from './languages.js';
import { TryIt } from './try-it.js';

const keyBox = byId('key-box', HTMLElement);
const api = new Api({
  unauthorized: () => {
    if (!keyBox.hidden) return;
    keyBox.hidden = false;
    byId('api-key', HTMLInputElement).focus();
  },
});

const catalogue = catalogueLoader(api);
// Fetched now so the first result has it; without a key yet, it is fetched again once one is given.
catalogue().catch(() => undefined);
const tryIt = new TryIt(api, catalogue);
new ClassView(api, catalogue);

byId('key-form', HTMLFormElement).addEventListener('submit', (event) => {
  event.preventDefault();
  api.setKey(byId('api-key', HTMLInputElement).value);
  keyBox.hidden = true;
  void setUpLanguages(api, () => tryIt.languageChanged());
  tryIt.languageChanged();
});

void setUpLanguages(api, () => tryIt.languageChanged());

import('./mathlive.js').then(
  (mathlive) => tryIt.mathReady(mathlive.configured()),
  (error: unknown) => {
    console.error('MathLive could not be loaded', error);
    tryIt.mathFailed();
  },
);
