import { defineConfig } from 'vitest/config';

export default defineConfig({
  // chainrule/client as the package exports it, from its source (package.json's "chainrule-source").
  ssr: { resolve: { conditions: ['chainrule-source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
