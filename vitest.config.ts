import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{agent,tools,server,integrations,prompts,evals,web}/**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', 'web/dist/**'],
    globalSetup: ['server/testing/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // PGlite instances are large; two workers fit the 2-core machines we run on.
    maxWorkers: 2,
    pool: 'forks',
  },
});
