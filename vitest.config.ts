import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)), "server-only": fileURLToPath(new URL("./scripts/server-only-shim.ts", import.meta.url)) } },
  test: {
    include: ["lib/**/*.test.ts", "inngest/**/*.test.ts", "app/**/*.test.ts", "scripts/**/*.test.ts", "e2e/support/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    setupFiles: ["scripts/vitest-setup.ts"],
    env: { LOG_LEVEL: "warn", NODE_ENV: "test" },
  },
});
