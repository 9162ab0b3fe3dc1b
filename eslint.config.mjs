import boundaries from "eslint-plugin-boundaries";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/**
 * Import layers (../shared/DESIGN.md §1, docs/architecture.md): each element may import only the elements listed for
 * it — always downwards — so no two folders can depend on each other. `import/no-cycle` catches file-level cycles
 * inside a folder too. Tests, e2e, bench and scripts are outside the layering (they may reach any layer's helpers).
 */
const INFRA_ORDER = {
  // infrastructure, each folder with the infrastructure folders it may use (no two may use each other)
  db: [],
  crypto: [],
  browser: [],
  observability: ["db"],
  "object-store": ["crypto"],
  net: ["observability"],
  audit: ["db", "crypto"],
  secrets: ["db", "crypto"],
  github: ["net", "secrets", "crypto", "observability", "db"],
  // net: the OAuth resource server fetches its authorization server's metadata and JWKS (lib/auth/oauth).
  auth: ["audit", "db", "crypto", "secrets", "observability", "net"],
  http: ["auth", "observability"],
};
const INFRA = Object.keys(INFRA_ORDER);

const elements = [
  { type: "app", pattern: "app/**", partialMatch: false },
  { type: "components", pattern: "components/**", partialMatch: false },
  { type: "tools", pattern: "lib/tools/**", partialMatch: false },
  { type: "inngest", pattern: "inngest/**", partialMatch: false },
  { type: "core", pattern: "lib/modules/core/**", partialMatch: false },
  { type: "module", pattern: "lib/modules/*/**", partialMatch: false, capture: ["module"] },
  { type: "runtime", pattern: "lib/runtime/**", partialMatch: false },
  { type: "jobs", pattern: "lib/jobs/**", partialMatch: false },
  ...INFRA.map((f) => ({ type: f, pattern: `lib/${f}/**`, partialMatch: false })),
  { type: "schema", pattern: "drizzle/schema/**", partialMatch: false },
];
// Files directly in lib/ are classified by file: the composition root (boot.ts) and the leaves.
const files = [
  { category: "boot", pattern: "lib/boot.ts" },
  { category: "leaf", pattern: ["lib/env.ts", "lib/errors.ts", "lib/ids.ts", "lib/markdown.ts", "lib/safe-text.ts", "lib/untrusted-text.ts", "lib/version.ts"] },
  { category: "queries", pattern: "lib/modules/*/queries.ts" },
];

const el = (...types) => types.map((type) => ({ to: { element: { type } } }));
const LEAF = [{ to: { element: { type: "schema" } } }, { to: { file: { categories: "leaf" } } }, { to: { module: { origin: "external" } } }];
const BELOW_MODULES = [...el("runtime", "jobs", ...INFRA), ...LEAF];
const from = (type, allow) => ({ from: { element: { type } }, allow });

const layering = {
  files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}", "inngest/**/*.ts", "drizzle/schema/**/*.ts"],
  ignores: ["**/*.test.ts", "**/*.test.tsx", "lib/runtime/test-support.ts"],
  plugins: { boundaries },
  settings: {
    "boundaries/elements": elements,
    "boundaries/files": files,
    "import/resolver": { typescript: { alwaysTryTypes: true, project: "./tsconfig.json" } },
    // Cycle detection follows our own files only; parsing bundled packages (pglite) would exhaust the stack.
    "import/ignore": ["node_modules"],
  },
  rules: {
    "import/no-cycle": ["error", { ignoreExternal: true, maxDepth: Infinity }],
    "boundaries/dependencies": [
      "error",
      {
        default: "disallow",
        policies: [
          from("app", [...el("app", "components", "tools", "inngest", "core", "module"), { to: { file: { categories: "boot" } } }, ...BELOW_MODULES]),
          from("components", [...el("components", "core", "module"), ...BELOW_MODULES]),
          { from: { file: { categories: "boot" } }, allow: [...el("tools", "inngest"), ...BELOW_MODULES] },
          from("tools", [...el("tools", "inngest", "core", "module"), ...BELOW_MODULES]),
          from("inngest", [...el("inngest", "core", "module"), ...BELOW_MODULES]),
          // core may read the other modules' queries.ts (cross-module views); modules never import each other.
          from("core", [...el("core"), { to: { element: { type: "module" }, file: { categories: "queries" } } }, ...BELOW_MODULES]),
          from("module", [{ to: { element: { type: "module", captured: { module: "{{ from.element.captured.module }}" } } } }, ...BELOW_MODULES]),
          from("runtime", [...el("runtime", ...INFRA), ...LEAF]),
          from("jobs", [...el("jobs", ...INFRA), ...LEAF]),
          ...INFRA.map((f) => from(f, [...el(f, ...INFRA_ORDER[f]), ...LEAF])),
          from("schema", LEAF),
          { from: { file: { categories: "leaf" } }, allow: LEAF },
        ],
      },
    ],
  },
};

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", ".data/**", "node_modules/**", "test-results/**", "playwright-report/**", "drizzle/migrations/**", "next-env.d.ts"] },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
    },
  },
  layering,
  {
    // Every outbound HTTP request of ours goes through lib/net's guarded fetch (URL policy checked where sockets open).
    files: ["lib/**/*.ts", "inngest/**/*.ts"],
    ignores: ["**/*.test.ts", "lib/net/**"],
    rules: {
      "no-restricted-globals": ["error", { name: "fetch", message: "Use lib/net (createNetworkGuard().fetch): every outbound connection must pass the URL policy at the socket." }],
    },
  },
];

export default config;
