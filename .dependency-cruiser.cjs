/**
 * The add-on's layers point one way: index → features → core ← providers, with src/platform the only door to Apps
 * Script. Checked by `npm test` (npm run depcheck).
 */
module.exports = {
  forbidden: [
    { name: 'no-cycles', severity: 'error', comment: 'An import cycle in src/ hides which layer depends on which.', from: { path: '^src/' }, to: { circular: true } },
    {
      name: 'core-knows-no-provider',
      severity: 'error',
      comment: 'Core knows the adapter contract (core/adapter.ts), never the providers: the edge hands the registry over.',
      from: { path: '^src/core/' },
      to: { path: '^src/(providers|features)/' },
    },
    {
      name: 'features-know-no-provider',
      severity: 'error',
      comment: 'Features reach providers through platform.providers, handed over by src/index.ts.',
      from: { path: '^src/features/' },
      to: { path: '^src/providers/' },
    },
    {
      name: 'providers-stand-on-core-only',
      severity: 'error',
      comment: 'An adapter uses the core and the platform interfaces, never a feature or another provider.',
      from: { path: '^src/providers/(?!registry)' },
      to: { path: '^src/(features|providers)/' },
    },
    {
      name: 'apps-script-only-at-the-edge',
      severity: 'error',
      comment: 'Only src/index.ts wires the Apps Script platform (src/platform/appsScript.ts) in.',
      from: { path: '^src/', pathNot: '^src/index\\.ts$' },
      to: { path: '^src/platform/appsScript\\.ts$' },
    },
    {
      name: 'add-on-stands-alone',
      severity: 'error',
      comment: 'The add-on never imports the sidebar, the local runtime, simulators, tests or the benchmark.',
      from: { path: '^src/' },
      to: { path: '^(sidebar|dev|test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.addon.json' },
  },
};
