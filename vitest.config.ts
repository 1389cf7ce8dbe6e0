import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { stress } from './plugin/index.js'

const source = (path: string): string => fileURLToPath(new URL(path, import.meta.url))

export default defineConfig({
  // Inside this repository the scenarios import the sources, not the built package.
  resolve: {
    alias: [
      { find: /^stressgate$/, replacement: source('./src/index.ts') },
      { find: /^stressgate\/plugin$/, replacement: source('./plugin/index.ts') },
    ],
  },
  plugins: [stress({ services: 'auto', reportDir: 'reports' })],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'plugin/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['test/fixtures/**', 'node_modules/**', 'test/mutants.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // The mutant bank runs scenarios: alone, after the unit tests (npm test).
          name: 'mutants',
          include: ['test/mutants.test.ts'],
          testTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
