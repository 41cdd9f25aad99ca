import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Two cores and a noisy machine: correctness only, never timing, in unit tests.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});
