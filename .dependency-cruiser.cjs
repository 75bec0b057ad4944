/**
 * The layering of docs/adr/0005-layers-services-and-callers.md, as dependency-cruiser rules. Type-only
 * imports count too: a layer that names another's types depends on it. Run by scripts/checks/layers.mjs.
 */
const FRAMEWORK = '^node_modules/(next|next-auth|react|react-dom)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'lib-is-pure',
      comment: 'lib/ is pure domain logic: no database, no services, no transport, no UI, no framework.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { path: ['^(db|services|server|app|components)/', FRAMEWORK, '^node_modules/server-only/'] },
    },
    {
      name: 'db-is-data-access',
      comment: 'db/ stores and reads; it never calls the business operations or anything above them.',
      severity: 'error',
      from: { path: '^db/' },
      to: { path: ['^(services|server|app|components)/', FRAMEWORK] },
    },
    {
      name: 'services-know-no-transport',
      comment: 'services/ are called by routes, actions, pages, scripts and tests alike: no Next, no UI.',
      severity: 'error',
      from: { path: '^services/' },
      to: { path: ['^(server|app|components)/', FRAMEWORK] },
    },
    {
      name: 'server-is-below-the-ui',
      comment: 'server/ is transport glue: it may use services, db and lib, never pages or components.',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^(app|components)/' },
    },
    {
      name: 'components-read-through-services',
      comment: 'components/ load data through services/ (which check the caller), never db/ or server/ directly.',
      severity: 'error',
      from: { path: '^components/' },
      to: { path: '^(db|server)/' },
    },
    {
      name: 'components-use-only-actions-from-app',
      comment: 'A component may call a server action (app/**/actions.ts); pages and routes are not its to import.',
      severity: 'error',
      from: { path: '^components/' },
      to: { path: '^app/', pathNot: '^app/.*actions\\.ts$' },
    },
    {
      name: 'gateway-stands-alone',
      comment: 'gateway/ is a deployable of its own: it shares only the pure domain logic (the one evaluator) with the app.',
      severity: 'error',
      from: { path: '^gateway/' },
      to: { path: ['^(db|services|server|app|components)/', FRAMEWORK, '^node_modules/server-only/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(\\.next|data|test-results)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
    },
  },
};
