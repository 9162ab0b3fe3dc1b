// Route cases from MDN HTTP Observatory's test/redirection.test.js (mdn/mdn-http-observatory 94042bb), then the real
// thing: redirectionTest through a NetworkGuard against local HTTP servers and a local HTTPS server with a self-signed
// certificate. The guard's fetch trusts only the system CAs, so in this process that server is an invalid
// certificate; the HTTPS success paths run redirectionTest in a child Node process started with NODE_EXTRA_CA_CERTS
// naming the test certificate (Node ≥ 20 has no API to add a CA at run time).
import { execFile, spawnSync } from "node:child_process";
import fs from "node:fs/promises";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStaticServer, type StaticServer } from "@/e2e/support/static-server";
import { createNetworkGuard } from "@/lib/net/network-guard";
import { classifyRedirectRoute, redirectionTest, type RedirectHop } from "./redirection";
import type { ObservatoryTestResult } from "./types";

const route = (...hops: [string, number][]) => classifyRedirectRoute({ kind: "route", hops: hops.map(([url, status]): RedirectHop => ({ url, status })) });

describe("classifyRedirectRoute (Observatory redirection cases)", () => {
  it("classifies the chains of Observatory's tests", () => {
    expect(classifyRedirectRoute({ kind: "no-http", error: "ECONNREFUSED" })).toMatchObject({ result: "redirection-not-needed-no-http", pass: true, scoreModifier: 0 });
    expect(route(["http://mozilla.org", 200])).toMatchObject({ result: "redirection-missing", pass: false, scoreModifier: -20 });
    expect(route(["http://mozilla.org", 301], ["http://www.mozilla.org", 200])).toMatchObject({ result: "redirection-not-to-https", pass: false, scoreModifier: -20 });
    expect(route(["http://mozilla.org", 301], ["http://www.mozilla.org", 302], ["http://www.mozilla.org/en/", 200]).result).toBe("redirection-not-to-https");
    expect(route(["http://mozilla.org/", 301], ["https://mozilla.org/", 301], ["https://www.mozilla.org/", 200])).toMatchObject({ result: "redirection-to-https", pass: true, scoreModifier: 0 });
    expect(route(["http://mozilla.org/", 301], ["https://mozilla.org:8443/", 200])).toMatchObject({ result: "redirection-to-https", data: { route: ["http://mozilla.org/", "https://mozilla.org:8443/"] } });
    expect(route(["http://mozilla.org/", 301], ["http://www.mozilla.org/", 301], ["https://www.mozilla.org/", 200])).toMatchObject({ result: "redirection-not-to-https-on-initial-redirection", pass: false, scoreModifier: -10 });
    expect(route(["http://mozilla.org/", 301], ["https://www.mozilla.org/", 200])).toMatchObject({ result: "redirection-off-host-from-http", pass: false, scoreModifier: -5 });
    expect(classifyRedirectRoute({ kind: "invalid-cert", hops: [{ url: "http://mozilla.org/", status: 301 }], error: "DEPTH_ZERO_SELF_SIGNED_CERT" })).toMatchObject({ result: "redirection-invalid-cert", pass: false, scoreModifier: -20 });
  });
});

const HAVE_OPENSSL = spawnSync("openssl", ["version"]).status === 0;
const ROOT = path.resolve(__dirname, "../../../../..");

describe.skipIf(!HAVE_OPENSSL)("redirectionTest (local HTTP servers, self-signed HTTPS server)", () => {
  let dir: string;
  let tls: https.Server;
  let tlsOrigin: string;
  const servers: StaticServer[] = [];
  const policy = { allowlist: ["127.0.0.1", "localhost"], denylist: [] };
  const resolve = async () => ["127.0.0.1"];
  const http = async (routes: Parameters<typeof startStaticServer>[0]["routes"]) => {
    const s = await startStaticServer({ root: os.tmpdir(), routes });
    servers.push(s);
    return s;
  };
  const inProcess = async (origin: string, p = policy) => {
    const net = createNetworkGuard({ policy: p, resolve });
    try {
      return await redirectionTest(net, origin);
    } finally {
      await net.close();
    }
  };

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "oa-redir-"));
    const r = spawnSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem"), "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"]);
    if (r.status !== 0) throw new Error(r.stderr.toString());
    tls = https.createServer({ key: await fs.readFile(path.join(dir, "key.pem")), cert: await fs.readFile(path.join(dir, "cert.pem")) }, (_req, res) => res.end("secure"));
    await new Promise<void>((ok) => tls.listen(0, "127.0.0.1", ok));
    tlsOrigin = `https://127.0.0.1:${(tls.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    tls?.closeAllConnections();
    await new Promise((ok) => tls?.close(ok));
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it("no redirect, http-only chain, nothing listening, policy refusal", async () => {
    const plain = await http({ "/": { body: "<title>plain</title>" } });
    expect(await inProcess(plain.origin)).toMatchObject({ result: "redirection-missing", pass: false, scoreModifier: -20, data: { route: [`${plain.origin}/`], statusCode: 200 } });
    // The test starts from the http:// form of an https origin (same host and port).
    expect((await inProcess(plain.origin.replace("http:", "https:"))).result).toBe("redirection-missing");

    const next = await http({ "/en/": { body: "<title>en</title>" } });
    const hop = await http({ "/": { status: 301, headers: { location: `${next.origin}/en/` } } });
    expect(await inProcess(hop.origin)).toMatchObject({ result: "redirection-not-to-https", data: { route: [`${hop.origin}/`, `${next.origin}/en/`] } });
    expect(hop.requests).toEqual(["GET /"]);

    const closed = await http({});
    await closed.close();
    expect(await inProcess(closed.origin)).toMatchObject({ result: "redirection-not-needed-no-http", pass: true, scored: true, data: { error: expect.stringContaining("ECONNREFUSED") } });

    expect(await inProcess(plain.origin, { allowlist: [], denylist: [] })).toMatchObject({ result: "redirection-not-needed-no-http", scored: false, data: { refusedByPolicy: true } });
  });

  it("a redirect to an HTTPS server whose certificate is not trusted is redirection-invalid-cert", async () => {
    const up = await http({ "/": { status: 301, headers: { location: `${tlsOrigin}/` } } });
    expect(await inProcess(up.origin)).toMatchObject({ result: "redirection-invalid-cert", pass: false, scoreModifier: -20, data: { route: [`${up.origin}/`], error: expect.stringMatching(/SELF_SIGNED|CERT/) } });
  });

  it("with the certificate trusted (child process): to-https, off-host first, http first", async () => {
    const tlsPort = new URL(tlsOrigin).port;
    const same = await http({ "/": { status: 301, headers: { location: `${tlsOrigin}/` } } });
    const offHost = await http({ "/": { status: 302, headers: { location: `https://localhost:${tlsPort}/` } } });
    const viaHttp = await http({ "/": { status: 301, headers: { location: `${same.origin.replace("127.0.0.1", "localhost")}/` } } });
    const code = `
      import { createNetworkGuard } from "@/lib/net/network-guard";
      import { redirectionTest } from "@/lib/modules/sitelint/checks/observatory/redirection";
      const out = [];
      for (const origin of JSON.parse(process.env.ORIGINS)) {
        const net = createNetworkGuard({ policy: ${JSON.stringify(policy)}, resolve: async () => ["127.0.0.1"] });
        out.push(await redirectionTest(net, origin));
        await net.close();
      }
      process.stdout.write(JSON.stringify(out));`;
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
      cwd: ROOT,
      env: { ...process.env, NODE_EXTRA_CA_CERTS: path.join(dir, "cert.pem"), ORIGINS: JSON.stringify([same.origin, offHost.origin, viaHttp.origin]) },
      timeout: 30_000,
    });
    const [a, b, c] = JSON.parse(stdout) as ObservatoryTestResult[];
    expect(a).toMatchObject({ result: "redirection-to-https", pass: true, data: { route: [`${same.origin}/`, `${tlsOrigin}/`], destination: `${tlsOrigin}/` } });
    expect(b).toMatchObject({ result: "redirection-off-host-from-http", scoreModifier: -5, data: { route: [`${offHost.origin}/`, `https://localhost:${tlsPort}/`] } });
    expect(c).toMatchObject({ result: "redirection-not-to-https-on-initial-redirection", scoreModifier: -10, data: { route: [`${viaHttp.origin}/`, `${same.origin.replace("127.0.0.1", "localhost")}/`, `https://127.0.0.1:${tlsPort}/`] } });
  });
});
