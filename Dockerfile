# syntax=docker/dockerfile:1
# OmniAudit: the Next.js standalone server + Debian's Chromium headless shell for SiteLint, as a non-root user, data in /data.
# Build: docker build -t omniaudit .   Run: docker run -p 3000:3000 -v omniaudit-data:/data -e OPERATOR_PASSWORD=… omniaudit
# The full stack (PostgreSQL, S3, Inngest): compose.yaml and docs/hosting.md. Node 22: Node 20 is past its end of life
# (the code runs on both; the test suite runs on 20).
FROM node:22-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
# .puppeteerrc.cjs: pa11y-ci (a dev dependency) pulls in puppeteer, whose install script would download a browser.
COPY package.json package-lock.json .puppeteerrc.cjs ./
RUN npm ci --no-audit --no-fund
COPY . .
# output: "standalone" (next.config.ts) → .next/standalone/server.js with only the node_modules it traced. The tracer
# also copies a few source files it cannot rule out (dynamic paths); the server never reads them (it runs the bundle).
RUN npm run build \
  && rm -rf .next/standalone/app .next/standalone/lib

FROM node:22-bookworm-slim AS runtime
# Chromium's headless shell runs every SiteLint audit (lighter than the full browser: lib/browser/chromium.ts);
# fonts-liberation gives pages metric-compatible Arial/Times/Courier, so text in screenshots and axe's contrast checks
# look as they do on desktops. tini reaps Chromium's child processes.
RUN apt-get update \
  && apt-get install -y --no-install-recommends chromium-headless-shell fonts-liberation ca-certificates tini \
  && rm -rf /var/lib/apt/lists/* \
  && mkdir -p /data \
  && chown node:node /data
WORKDIR /app
# HOSTNAME: the standalone server binds to it (Docker would set it to the container id).
ENV NODE_ENV=production \
  NEXT_TELEMETRY_DISABLED=1 \
  PORT=3000 \
  HOSTNAME=0.0.0.0 \
  DATA_DIR=/data \
  CHROMIUM_PATH=/usr/lib/chromium/chromium-headless-shell
COPY --from=build --chown=node:node /app/.next/standalone ./
# The production server: node:http in front of Next.js's handler (the MCP endpoint skips Next's router).
COPY --from=build --chown=node:node /app/scripts/serve.mjs ./serve.mjs
COPY --from=build --chown=node:node /app/.next/static ./.next/static
COPY --from=build --chown=node:node /app/public ./public
# Migrations are applied from ./drizzle/migrations at start-up.
COPY --from=build --chown=node:node /app/drizzle/migrations ./drizzle/migrations
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "serve.mjs"]
