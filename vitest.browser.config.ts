import { defineConfig } from 'vitest/config';

// `npm run test:browser`: the page in Chromium against the built service (test/browser). One file,
// one browser, one service; generous limits for a slow, shared machine (every wait is for a condition).
export default defineConfig({
  test: {
    include: ['test/browser/**/*.browser.ts'],
    testTimeout: 240_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    // A real browser on a loaded two-core machine once lost a keystroke's focus change; one more run
    // tells such a hiccup from a fault (a fault fails both).
    retry: 1,
  },
});
