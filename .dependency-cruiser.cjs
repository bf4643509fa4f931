// Module boundaries of the modular monolith (docs/adr/0001-modular-monolith.md), checked in CI by
// `npm run depcheck` (npx depcruise src --config .dependency-cruiser.cjs).
//
// The rules, in plain words:
//   1. No circular dependencies.
//   2. src/platform never imports src/modules.
//   3. Code under src/modules/<m>/ reaches another module only through src/modules/<other>/index.ts.
//      Code outside src/modules (app.ts, cli.ts, demo, test support) does the same.
//   4. Application code never imports test/ or e2e/. Test files (*.test.ts) may import test/support only.
//   5. Migrations are frozen in time: they import no application code.
//   6. A module's domain/ and data/ never import its web/ (HTTP stays at the edge).
//   7. Application code does not import devDependencies (type-only imports are fine), and every import resolves.

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'This import is part of a cycle. Break it: move the shared piece down (often into src/platform) or invert the dependency.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'platform-not-to-modules',
      severity: 'error',
      comment: 'src/platform is the shared kernel and never imports a module. Pass what it needs in (a manifest, a callback) instead.',
      from: { path: '^src/platform/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'module-only-through-index',
      severity: 'error',
      comment:
        "A module uses another module only through that module's index.ts (its public API). " +
        "Do not reach into another module's domain/, data/ or web/: export what you need from its index.ts.",
      from: { path: '^src/modules/([^/]+)/' },
      to: {
        path: '^src/modules/[^/]+/',
        pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index[.]ts$'],
      },
    },
    {
      name: 'outside-modules-only-through-index',
      severity: 'error',
      comment: "Code outside src/modules (app.ts, cli.ts, demo, test support) uses a module only through its index.ts.",
      from: { pathNot: '^src/modules/' },
      to: { path: '^src/modules/[^/]+/', pathNot: '^src/modules/[^/]+/index[.]ts$' },
    },
    {
      name: 'not-to-test-code',
      severity: 'error',
      comment: 'Application code never imports test or browser-test code (test/, e2e/).',
      from: { pathNot: ['[.](test|spec)[.]ts$', '^test/', '^e2e/'] },
      to: { path: '^(test|e2e)/' },
    },
    {
      name: 'tests-only-to-test-support',
      severity: 'error',
      comment: 'Unit, route and repository tests (*.test.ts) may import test/support, never other tests or e2e/.',
      from: { path: '[.]test[.]ts$' },
      to: { path: '^(test|e2e)/', pathNot: '^test/support/' },
    },
    {
      name: 'migrations-frozen-in-time',
      severity: 'error',
      comment: 'A migration takes Kysely<any> and imports no application code, so it never changes after it has run.',
      from: { path: '^src/platform/db/migrations/', pathNot: ['^src/platform/db/migrations/index[.]ts$', '[.]test[.]ts$'] },
      to: { path: '^src/' },
    },
    {
      name: 'domain-and-data-not-to-web',
      severity: 'error',
      comment: "A module's domain/ and data/ never import its web/: HTTP stays at the edge.",
      from: { path: '^src/modules/[^/]+/(domain|data)/' },
      to: { path: '^src/modules/[^/]+/web/' },
    },
    {
      name: 'not-to-dev-dependency',
      severity: 'error',
      comment: 'Application code must not need a devDependency at run time (npm ci --omit=dev would break it). Type-only imports are fine.',
      from: { path: '^src/', pathNot: '[.](test|spec)[.]ts$' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'This import cannot be resolved to a file or an installed package.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^node_modules/', '^public/build/', '^data/'] },
    // Type-only imports count too: reaching into another module for a type is still reaching in.
    tsPreCompilationDeps: true,
    // Resolves `.ts` extension imports (allowImportingTsExtensions) the way tsc does.
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
}
