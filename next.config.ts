import type { NextConfig } from "next";

/**
 * Next.js configuration. Native/heavy server packages stay external so the embedded database, the browser driver and
 * the logger load from node_modules at run time instead of being bundled. `standalone` output also writes
 * `.next/standalone/server.js` with only the files the server needs (the container image runs it; `next start` serves
 * the same build for `npm start` and the tests).
 */
const nextConfig: NextConfig = {
  output: "standalone",
  // Files the standalone trace cannot see: playwright-core requires some of its own files by computed paths; SiteLint
  // reads axe-core's minified build at run time (lib/modules/sitelint/checks/accessibility.ts).
  outputFileTracingIncludes: { "*": ["./node_modules/playwright-core/**/*", "./node_modules/axe-core/axe.min.js"] },
  serverExternalPackages: [
    "@electric-sql/pglite",
    "postgres",
    "playwright-core",
    "axe-core",
    "pino",
    "inngest",
    "prom-client",
  ],
  async rewrites() {
    // `/mcp` is the URL the product has always documented; `/api/mcp` is the route. `/metrics` is where Prometheus
    // scrapers look by default.
    return [
      { source: "/mcp", destination: "/api/mcp" },
      { source: "/metrics", destination: "/api/metrics" },
    ];
  },
  async redirects() {
    return [{ source: "/ui", destination: "/", permanent: false }];
  },
};

export default nextConfig;
