// What the seeded jobs print: realistic GitHub Actions output for a Node.js project (runner set-up, checkout,
// setup-node, npm, eslint, vitest, playwright), with the ANSI colours the tools emit.
import type { StepPlan } from "./logs";
import { FAILED_TEST } from "./reports";

export type JobKind = "lint" | "build" | "test" | "e2e";

const CYAN = (s: string) => `\u001b[36;1m${s}\u001b[0m`;
const GREEN = (s: string) => `\u001b[32m${s}\u001b[39m`;
const RED = (s: string) => `\u001b[31m${s}\u001b[39m`;
const DIM = (s: string) => `\u001b[2m${s}\u001b[22m`;
const BOLD_RED_BG = (s: string) => `\u001b[41m\u001b[1m${s}\u001b[22m\u001b[49m`;

const run = (cmd: string) => [`##[group]Run ${cmd}`, CYAN(cmd), "shell: /usr/bin/bash -e {0}", "##[endgroup]"];

function setUp(job: string, runner: string): StepPlan {
  const output = [
    "Current runner version: '2.316.1'",
    `Runner name: '${runner}'`,
    "Runner group name: 'GitHub Actions'",
    "Machine name: 'fv-az1272-211'",
    "##[group]Operating System",
    "Ubuntu",
    "22.04.4",
    "LTS",
    "##[endgroup]",
    "##[group]Runner Image",
    "Image: ubuntu-22.04",
    "Version: 20240422.1.0",
    "##[endgroup]",
    "##[group]GITHUB_TOKEN Permissions",
    "Actions: read",
    "Contents: read",
    "Metadata: read",
    "##[endgroup]",
    "Secret source: Actions",
    "Prepare workflow directory",
    "Prepare all required actions",
    "Getting action download info",
    "Download action repository 'actions/checkout@v4' (SHA:0ad4b8fadaa221de15dcec353f45205ec38ea70b)",
    "Download action repository 'actions/setup-node@v4' (SHA:60edb5dd545a775178f52524783378180af0d1f8)",
    `Complete job name: ${job}`,
  ];
  return { name: "Set up job", output };
}

function checkout(repo: string, sha: string): StepPlan {
  const dir = `/home/runner/work/${repo.split("/")[1]}/${repo.split("/")[1]}`;
  return {
    name: "Run actions/checkout@v4",
    header: ["##[group]Run actions/checkout@v4", "with:", `  repository: ${repo}`, "  token: ***", "  ssh-strict: true", "  persist-credentials: true", "  clean: true", "  fetch-depth: 1", "##[endgroup]"],
    output: [
      `Syncing repository: ${repo}`,
      "##[group]Getting Git version info",
      `Working directory is '${dir}'`,
      "[command]/usr/bin/git version",
      "git version 2.44.0",
      "##[endgroup]",
      "##[group]Fetching the repository",
      `[command]/usr/bin/git -c protocol.version=2 fetch --no-tags --prune --no-recurse-submodules --depth=1 origin +${sha}:refs/remotes/origin/HEAD`,
      "remote: Enumerating objects: 412, done.",
      "remote: Counting objects: 100% (412/412), done.",
      "remote: Compressing objects: 100% (351/351), done.",
      "remote: Total 412 (delta 38), reused 259 (delta 21), pack-reused 0",
      `[command]/usr/bin/git checkout --progress --force ${sha}`,
      "##[endgroup]",
    ],
  };
}

const setupNode: StepPlan = {
  name: "Set up Node.js",
  header: ["##[group]Run actions/setup-node@v4", "with:", "  node-version: 20", "  cache: npm", "  always-auth: false", "  check-latest: false", "##[endgroup]"],
  output: ["Found in cache @ /opt/hostedtoolcache/node/20.12.2/x64", "##[group]Environment details", "node: v20.12.2", "npm: 10.5.0", "yarn: 1.22.22", "##[endgroup]", "Cache restored from key: node-cache-Linux-x64-npm-5f1b2c"],
};

const install: StepPlan = {
  name: "Install dependencies",
  header: run("npm ci"),
  output: ["", "added 1187 packages, and audited 1188 packages in 21s", "", "214 packages are looking for funding", "  run `npm fund` for details", "", "found 0 vulnerabilities"],
};

/** The step output of attempt 1 of the failed run: the registry connection reset during `npm ci`. */
export const INSTALL_FAILURE = [
  "npm ERR! code ECONNRESET",
  "npm ERR! syscall read",
  "npm ERR! errno ECONNRESET",
  "npm ERR! network request to https://registry.npmjs.org/@types%2fnode failed, reason: read ECONNRESET",
  "npm ERR! network This is a problem related to network connectivity.",
  "npm ERR! network In most cases you are behind a proxy or have bad network settings.",
  "",
  "npm ERR! A complete log of this run can be found in: /home/runner/.npm/_logs/2024-05-02T09_13_58_123Z-debug-0.log",
];

export const LINT_FAILURE = [
  "",
  "> web@1.4.0 lint",
  "> eslint .",
  "",
  "",
  "\u001b[4m/home/runner/work/web/web/src/cart.ts\u001b[24m",
  `  \u001b[2m12:7\u001b[22m  ${RED("error")}  'total' is assigned a value but never used  \u001b[2m@typescript-eslint/no-unused-vars\u001b[22m`,
  "",
  `${RED("\u001b[1m✖ 1 problem (1 error, 0 warnings)\u001b[22m")}`,
  "",
];

/** A short failing `npm test` (other failed runs than the seed's interesting one). */
export const CART_FAILURE = [
  "",
  "> web@1.4.0 test",
  "> vitest run",
  "",
  ` ${RED("❯")} src/cart.test.ts (3 tests | 1 failed) 21ms`,
  `   ${RED("×")} cart > sums the total`,
  "",
  `${BOLD_RED_BG(" FAIL ")} src/cart.test.ts > cart > sums the total`,
  `${RED("AssertionError")}: expected 41.99 to be 42 // Object.is equality`,
  ` ${DIM("❯ src/cart.test.ts:18:25")}`,
  "",
  " Test Files  1 failed | 119 passed (120)",
  "      Tests  1 failed | 4711 passed (4712)",
];

export const E2E_FAILURE = [
  "",
  "Running 48 tests using 2 workers",
  "",
  `  ${RED("✘")}  12 [chromium] › checkout.spec.ts:14:5 › checkout › pays with a card (31.2s)`,
  "",
  "  1) [chromium] › checkout.spec.ts:14:5 › checkout › pays with a card ────────────────────────────",
  "",
  "    Error: Timed out 30000ms waiting for expect(locator).toBeVisible()",
  "",
  "    Locator: getByRole('heading', { name: 'Thank you' })",
  "",
  "  1 failed",
  "    [chromium] › checkout.spec.ts:14:5 › checkout › pays with a card ─────────────────────────────",
  "  47 passed (1.6m)",
];

/** vitest's verbose output over ~120 files: ~4,800 lines; `failing` puts the login failure (with `##[error]`) mid-way. */
export function testOutput(rnd: () => number, failing: boolean): string[] {
  const out = ["", "> web@1.4.0 test", "> vitest run --reporter=verbose", "", ` ${"\u001b[46m RUN \u001b[49m"} v1.6.0 /home/runner/work/web/web`, ""];
  let passed = 0;
  for (let f = 0; f < 120; f++) {
    const file = f === 63 ? FAILED_TEST.file : `src/${["components", "lib", "api", "hooks"][f % 4]}/module-${String(f).padStart(3, "0")}.test.ts`;
    const cases = 30 + Math.floor(rnd() * 20);
    for (let c = 0; c < cases; c++) {
      if (f === 63 && c === 1 && failing) {
        out.push(` ${RED("×")} ${FAILED_TEST.file} ${DIM(">")} login ${DIM(">")} rejects a wrong password ${DIM("12ms")}`);
        out.push(`   ${RED(`→ ${FAILED_TEST.message}`)}`);
        out.push("", `${BOLD_RED_BG(" FAIL ")} ${FAILED_TEST.file} ${DIM(">")} ${FAILED_TEST.name.replace(" > ", ` ${DIM(">")} `)}`);
        out.push(`${RED("\u001b[1mAssertionError\u001b[22m")}: ${FAILED_TEST.message}`, "", `${GREEN("- Expected")}`, `${RED("+ Received")}`, "", `${GREEN("- 401")}`, `${RED("+ 200")}`, "");
        out.push(` ${DIM(`❯ ${FAILED_TEST.file}:${FAILED_TEST.line}:${FAILED_TEST.column}`)}`, "     25|     const res = await login({ user: \"mona\", password: \"wrong\" });", "     26| ", "     27|     expect(res.status).toBe(401);", "       |                        ^", "     28|   });", "");
        out.push(`##[error]AssertionError: ${FAILED_TEST.message}`);
        continue;
      }
      passed++;
      out.push(` ${GREEN("✓")} ${file} ${DIM(">")} case ${c + 1} ${DIM(`${1 + Math.floor(rnd() * 40)}ms`)}`);
      if (rnd() < 0.03) out.push(`${DIM("stdout")} | ${file} > case ${c + 1}`, `[info] fixture loaded in ${Math.floor(rnd() * 90)}ms`, "");
    }
  }
  const failed = failing ? 1 : 0;
  out.push(
    "",
    ` ${DIM("Test Files")}  ${failing ? `${RED("\u001b[1m1 failed\u001b[22m")} | ` : ""}${GREEN(`\u001b[1m${120 - failed} passed\u001b[22m`)} ${DIM("(120)")}`,
    `      ${DIM("Tests")}  ${failing ? `${RED("\u001b[1m1 failed\u001b[22m")} | ` : ""}${GREEN(`\u001b[1m${passed} passed\u001b[22m`)} ${DIM(`(${passed + failed})`)}`,
    `   ${DIM("Start at")}  09:14:02`,
    `   ${DIM("Duration")}  48.21s ${DIM("(transform 2.14s, setup 0ms, collect 9.81s, tests 31.40s, environment 12ms, prepare 14.20s)")}`,
    "",
  );
  return out;
}

const SHORT_TEST = ["", "> web@1.4.0 test", "> vitest run", "", ` ${GREEN("✓")} src/lib/money.test.ts (12 tests) 18ms`, "", " Test Files  1 passed (1)", "      Tests  12 passed (12)"];

/** The steps of a seeded job, `Set up job` to `Complete job` (`long`: the test step prints the full verbose output). */
export function jobSteps(o: { kind: JobKind; repo: string; sha: string; runner: string; rnd: () => number; long?: boolean; failing?: boolean }): StepPlan[] {
  const main: StepPlan[] = {
    lint: [{ name: "Run npm run lint", header: run("npm run lint"), output: ["", "> web@1.4.0 lint", "> eslint .", ""] }],
    build: [{ name: "Run npm run build", header: run("npm run build"), output: ["", "> web@1.4.0 build", "> next build", "", "   ▲ Next.js 16.4.5", "   Creating an optimized production build ...", " ✓ Compiled successfully", " ✓ Generating static pages (24/24)"] }],
    test: [{ name: "Run npm test", header: run("npm test"), output: o.long ? testOutput(o.rnd, !!o.failing) : SHORT_TEST }],
    e2e: [
      { name: "Install Playwright browsers", header: run("npx playwright install --with-deps chromium"), output: ["Downloading Chromium 124.0.6367.29 (playwright build v1112) from https://playwright.azureedge.net/builds/chromium/1112/chromium-linux.zip", "|■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■■| 100% of 155.8 MiB"] },
      { name: "Run npx playwright test", header: run("npx playwright test"), output: ["", "Running 48 tests using 2 workers", "", "  48 passed (1.5m)"] },
    ],
  }[o.kind];
  return [
    setUp(o.kind, o.runner),
    checkout(o.repo, o.sha),
    setupNode,
    install,
    ...main,
    { name: "Post Set up Node.js", output: ["Post job cleanup.", "Cache hit occurred on the primary key node-cache-Linux-x64-npm-5f1b2c, not saving cache."], always: true },
    { name: "Post Run actions/checkout@v4", output: ["Post job cleanup.", "[command]/usr/bin/git version", "git version 2.44.0", "[command]/usr/bin/git config --local --unset-all http.https://github.com/.extraheader"], always: true },
    { name: "Complete job", output: ["Cleaning up orphan processes"], always: true },
  ];
}
