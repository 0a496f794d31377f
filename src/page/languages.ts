/**
 * The feedback language. This service takes a `lang` field and writes in six languages; an older one
 * refuses any unknown field. So the selector appears only once a check with `lang` is answered, and
 * `lang` is sent only then: on a service without languages the page shows no selector and sends
 * nothing it would refuse. (The browser's Accept-Language goes with every request anyway.)
 */
import type { Api } from './api.js';
import { byId, h } from './dom.js';

/** The languages the page offers, by BCP 47 tag, each named in itself. */
export const LANGUAGES: ReadonlyArray<readonly [string, string]> = [
  ['en', 'English'],
  ['de', 'Deutsch'],
  ['es', 'Español'],
  ['fr', 'Français'],
  ['pt-BR', 'Português (Brasil)'],
  ['zh-Hans', '中文（简体）'],
];

let offered = false;

export async function setUpLanguages(api: Api, changed: () => void): Promise<void> {
  if (offered) return;
  let takes: boolean | undefined;
  try {
    takes = await api.takesLanguage();
  } catch {
    takes = undefined;
  }
  if (takes !== true || offered) return;
  offered = true;
  const select = byId('language', HTMLSelectElement);
  select.append(h('option', { value: '' }, "The browser's language"));
  for (const [tag, name] of LANGUAGES) select.append(h('option', { value: tag, lang: tag }, name));
  select.addEventListener('change', () => {
    api.setLanguage(select.value === '' ? undefined : select.value);
    changed();
  });
  byId('language-box', HTMLElement).hidden = false;
}
