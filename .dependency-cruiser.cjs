// The lib graph, enforced (issue 11 item 2): `npm run lint:deps` in CI; `npm run docs:graph` draws
// the same graph into docs/architecture.md. Paths are relative to the repo root.
// A rule that today's code breaks keeps its teeth: the known violations are listed by path in
// the rule's pathNot, so anything new fails, and each entry is deleted when its violation is fixed.

/** Tests, benches and tools (the demo, its generator) drive the product from outside and may reach into it. */
const OUTSIDE = '^(test|bench|tools)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes module order matter at load time and hides which side owns what.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'lib-not-to-app',
      severity: 'error',
      comment: 'Libs are the domain; the processes (api, worker, cli, portal) are built on them, never the reverse.',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'worker-not-to-api',
      severity: 'error',
      comment: 'The worker is its own process: what it shares with the API lives in a lib.',
      from: { path: '^apps/worker/' },
      to: { path: '^apps/api/' },
    },
    {
      name: 'api-not-to-worker',
      severity: 'error',
      comment: 'The API never runs a processor: it writes an outbox row and the worker picks the job up.',
      from: { path: '^apps/api/' },
      to: { path: '^apps/worker/' },
    },
    {
      name: 'portal-not-to-server',
      severity: 'error',
      comment:
        'The portal is a browser bundle: a server module (TypeORM, argon2, node:*) would break the Vite build ' +
        'or ship server code to every browser. It talks to the API over HTTP only, and shares only the pure ' +
        'rules of libs/rules (money, subsidy, voucher codes) with the server.',
      from: { path: '^apps/portal/' },
      to: { path: '^(libs|apps/(api|worker|cli))/', pathNot: '^libs/rules/' },
    },
    {
      name: 'rules-stay-pure',
      severity: 'error',
      comment:
        'libs/rules runs in the browser too: it imports no other lib, no app, no node:* module and no package ' +
        '(its specs may use the test tools).',
      from: { path: '^libs/rules/', pathNot: '\\.spec\\.ts$' },
      to: { pathNot: '^libs/rules/' },
    },
    {
      name: 'server-not-to-portal',
      severity: 'error',
      comment: 'The API serves the built portal (dist/portal) as files; no server module imports its sources.',
      from: { path: '^(libs|apps/(api|worker|cli))/' },
      to: { path: '^apps/portal/' },
    },
    {
      name: 'lib-through-barrel',
      severity: 'error',
      comment:
        'Another lib (or an app) is reached only through its barrel (@ivl/<name> = libs/<name>/src/index.ts), ' +
        'so a lib decides what it exports. Inside a lib, relative imports are free.',
      from: { path: '^(libs/([^/]+)|apps)/', pathNot: OUTSIDE },
      to: { path: '^libs/[^/]+/', pathNot: ['^libs/$2/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'repository-stays-in-its-lib',
      severity: 'error',
      comment: "A lib's *.repository.ts is its own: other libs and apps call the lib's services.",
      from: { path: '^(libs/([^/]+)|apps)/', pathNot: OUTSIDE },
      to: { path: '^libs/[^/]+/src/.*\\.repository\\.ts$', pathNot: '^libs/$2/' },
    },
    {
      name: 'barrel-exports-no-repository',
      severity: 'error',
      comment: "Repositories are not exported from barrels (issue 11 item 2): other libs call the owning lib's services.",
      from: { path: '^libs/[^/]+/src/index\\.ts$' },
      to: { path: '\\.repository\\.ts$' },
    },
    {
      name: 'controller-only-in-api',
      severity: 'error',
      comment: 'HTTP lives in apps/api: a *.controller.ts anywhere else is a second HTTP layer.',
      from: { path: '\\.controller\\.ts$', pathNot: '^apps/api/src/' },
      to: {},
    },
    {
      name: 'processor-only-in-worker',
      severity: 'error',
      comment: 'Jobs run in apps/worker: a *.processor.ts anywhere else would run jobs in the wrong process.',
      from: { path: '\\.processor\\.ts$', pathNot: '^apps/worker/src/' },
      to: {},
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import dependency-cruiser cannot resolve is one the rules above cannot judge.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      mermaid: { minify: false },
    },
  },
};
