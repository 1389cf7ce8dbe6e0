/*
 * The import rules of the house (README "Layout"), checked by `npm run lint` with
 * dependency-cruiser. A wrong import fails the test command with the rule's name.
 * Tests and test fixtures may import anything; these rules are about the shipped code.
 */

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'contract-imports-nothing',
      comment:
        'src/contract/ is the trading vocabulary every side shares: it imports nothing, neither of src/ nor of node_modules.',
      severity: 'error',
      from: { path: '^src/contract/' },
      to: { pathNot: '^src/contract/' },
    },
    {
      name: 'common-imports-nothing-of-src',
      comment: 'src/common/ (Clock, Rng, the error base class) imports nothing else of src/.',
      severity: 'error',
      from: { path: '^src/common/' },
      to: { path: '^src/', pathNot: '^src/common/' },
    },
    {
      name: 'system-under-test-imports-contract-common-own',
      comment:
        'The system-under-test side (broker/, portfolio/, market/) imports only contract/, common/ and its own folder: it never learns its vocabulary from the harness.',
      severity: 'error',
      from: { path: '^src/(broker|portfolio|market)/' },
      to: { path: '^src/', pathNot: ['^src/(contract|common)/', '^src/$1/'] },
    },
    {
      name: 'governor-imports-contract-common-own-store',
      comment:
        'The reference governor imports only contract/, common/, its own folder and store/ (for its Redis flags).',
      severity: 'error',
      from: { path: '^src/governor/' },
      to: { path: '^src/', pathNot: ['^src/(contract|common|governor|store)/'] },
    },
    {
      name: 'src-never-imports-plugin',
      comment: 'src/ is the engine; plugin/ is a thin Vitest adapter over it, never the reverse.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^plugin/' },
    },
    {
      name: 'metrics-and-report-no-scenario-internals',
      comment:
        'metrics/ and report/ read what a run produced through its types-only result schema (scenario-result.ts, criterion.ts), never the run machinery.',
      severity: 'error',
      from: { path: '^src/(metrics|report)/' },
      to: {
        path: '^src/scenario/',
        pathNot: '^src/scenario/(scenario-result|criterion)\\.ts$',
      },
    },
    {
      name: 'no-circular',
      comment: 'An import cycle: split the shared part into a module both can import.',
      severity: 'error',
      from: { path: '^(src|plugin)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.test\\.ts$', '-fixture\\.ts$', '^dist/', '^test/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
}
