import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCanary, type Canary } from "@/e2e/support/canary";
import { isAppError } from "@/lib/errors";
import { createNetworkGuard } from "./network-guard";
import { isPolicyRefusal } from "./policy-refusal";
import { startPolicyProxy, type PolicyProxy } from "./policy-proxy";
import { assertUrlAllowed, type UrlPolicy } from "./url-policy";

/**
 * The bad-URL table (issue: "SSRF closed where sockets open"): ≥ 60 ways of writing an address the policy refuses —
 * loopback aimed at a live canary on 127.0.0.1 and [::1], cloud metadata, private and special ranges — in decimal,
 * octal, hex and short IPv4 forms, IPv4-embedding IPv6 forms, trailing dots, credentials, percent-encoded and
 * Unicode-dot hosts, and non-http schemes. Each is tried at every gate: the submit-time check, the guarded Node fetch,
 * and the browser's policy proxy (absolute-form HTTP and CONNECT with the host exactly as written). The canary must
 * count zero connections.
 */
const forms = (p: number): string[] => [
  `http://127.0.0.1:${p}/`, `http://localhost:${p}/`, `http://LOCALHOST:${p}/`, `http://localhost.:${p}/`, `http://127.0.0.1.:${p}/`,
  `http://2130706433:${p}/`, `http://0x7f000001:${p}/`, `http://0x7f.0x0.0x0.0x1:${p}/`, `http://0177.0.0.1:${p}/`, `http://0177.0000.0000.0001:${p}/`,
  `http://017700000001:${p}/`, `http://127.1:${p}/`, `http://127.0.1:${p}/`, `http://0x7f.1:${p}/`, `http://127.000.000.001:${p}/`,
  `http://0:${p}/`, `http://0.0.0.0:${p}/`, `http://[::1]:${p}/`, `http://[0:0:0:0:0:0:0:1]:${p}/`, `http://[0::1]:${p}/`,
  `http://[::]:${p}/`, `http://[::ffff:127.0.0.1]:${p}/`, `http://[::ffff:7f00:1]:${p}/`, `http://[::127.0.0.1]:${p}/`, `http://[::7f00:1]:${p}/`,
  `http://[64:ff9b::127.0.0.1]:${p}/`, `http://[2002:7f00:1::]:${p}/`, `http://[::ffff:0:127.0.0.1]:${p}/`, `http://user@127.0.0.1:${p}/`, `http://user:pass@localhost:${p}/`,
  `http://evil.example@127.0.0.1:${p}/`, `http://127.0.0.1:${p}#@evil.example/`, `http://127.0.0.1:${p}\\@evil.example/`, `http://%31%32%37.0.0.1:${p}/`, `http://127%2E0%2E0%2E1:${p}/`,
  `http://127。0。0。1:${p}/`, `http://127．0．0．1:${p}/`, `http://①②⑦.0.0.1:${p}/`, `http://ⓛⓞⓒⓐⓛⓗⓞⓢⓣ:${p}/`, `http://LOCALhost%2e:${p}/`,
  `http:/127.0.0.1:${p}/`, `http:127.0.0.1:${p}/`, ` http://127.0.0.1:${p}/ `, `https://127.0.0.1:${p}/`, `https://[::1]:${p}/`,
  `ws://127.0.0.1:${p}/`, `wss://127.0.0.1:${p}/`, `ftp://127.0.0.1:${p}/`, `gopher://127.0.0.1:${p}/_GET%20/`, `dict://127.0.0.1:${p}/`,
  `ldap://127.0.0.1:${p}/`, "file:///etc/passwd", "file://127.0.0.1/etc/passwd", `javascript:fetch('http://127.0.0.1:${p}/')`, `data:text/html,<img src=http://127.0.0.1:${p}/>`,
  `view-source:http://127.0.0.1:${p}/`, "chrome://settings", `blob:http://127.0.0.1:${p}/0000`, `jar:http://127.0.0.1:${p}/x!/`, "http://169.254.169.254/latest/meta-data/",
  "http://[::a9fe:a9fe]/", "http://[::ffff:a9fe:a9fe]/", "http://[::ffff:169.254.169.254]/", "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:a9fe:a9fe::]/",
  "http://metadata.google.internal/", "http://100.100.100.200/", "http://10.0.0.1/", "http://172.16.0.1/", "http://192.168.0.1/",
  "http://[fd00::1]/", "http://[fe80::1]/", "http://[fe80::1%25lo]/", "http://224.0.0.1/", "http://255.255.255.255/",
  "http://[ff02::1]/", "http://192.0.0.170/", "http://198.18.0.1/", `http://foo.localhost:${p}/`, `http://[::ffff:127.0.0.1]:0${p}/`,
];

/** One raw request to the proxy with the target host exactly as written; resolves with the proxy's status line. */
function rawProxy(proxy: PolicyProxy, requestLine: string, host: string): Promise<string> {
  const { port } = new URL(proxy.url);
  return new Promise((resolve) => {
    const s = net.connect(Number(port), "127.0.0.1", () => s.write(`${requestLine}\r\nHost: ${host}\r\n\r\n`));
    let data = "";
    s.on("data", (d) => {
      data += String(d);
      if (data.includes("\r\n")) s.destroy();
    });
    s.on("close", () => resolve(data.split("\r\n")[0] ?? ""));
    s.on("error", () => resolve(data.split("\r\n")[0] ?? ""));
    s.setTimeout(5_000, () => s.destroy());
  });
}

describe("bad-URL table: every form refused at every gate, zero canary connections", () => {
  let canary: Canary;
  let proxies: { policy: UrlPolicy; proxy: PolicyProxy }[];
  // The default policy, and the setup: one local origin (another port) allowlisted.
  const policies = (p: number): UrlPolicy[] => [{ allowlist: [], denylist: [] }, { allowlist: [`127.0.0.1:${p + 1}`], denylist: [] }];

  beforeAll(async () => {
    canary = await startCanary();
    proxies = await Promise.all(policies(canary.port).map(async (policy) => ({ policy, proxy: await startPolicyProxy({ policy }) })));
  });
  afterAll(async () => {
    await Promise.all(proxies.map((p) => p.proxy.close()));
    await canary?.close();
  });

  it("has at least 60 forms", () => {
    expect(forms(1).length).toBeGreaterThanOrEqual(60);
  });

  it("the submit-time check refuses each form with VALIDATION_ERROR or URL_NOT_ALLOWED, without naming a resolved address", async () => {
    for (const policy of policies(canary.port)) {
      for (const url of forms(canary.port)) {
        const e = await assertUrlAllowed(url, policy).then(() => undefined, (err: unknown) => err);
        expect(isAppError(e) ? e.code : e, `${url} ${JSON.stringify(policy.allowlist)}`).toMatch(/^(VALIDATION_ERROR|URL_NOT_ALLOWED)$/);
        // "resolves to 10.x" would let a caller map internal DNS.
        if (isAppError(e)) expect(e.message).not.toMatch(/resolves to|loopback|private|linkLocal|unicast/);
      }
    }
    expect(canary.connections()).toBe(0);
  });

  it("the guarded Node fetch never connects: a policy refusal, a DNS failure or an unsupported scheme", async () => {
    for (const policy of policies(canary.port)) {
      const guard = createNetworkGuard({ policy });
      for (const url of forms(canary.port)) {
        const outcome = await guard.fetch(url.trim(), { signal: AbortSignal.timeout(5_000) }).then(
          (res) => `answered ${res.status}`,
          (e: unknown) => (isPolicyRefusal(e) ? "refused" : e instanceof TypeError && /Only http\(s\)|Invalid URL|fetch failed/.test(`${e.message}`) ? "not fetched" : `error ${String(e)}`),
        );
        expect(outcome, url).toMatch(/^(refused|not fetched)$/);
      }
      await guard.close();
    }
    expect(canary.connections()).toBe(0);
  });

  it("the browser's policy proxy refuses each host exactly as written, in absolute-form HTTP and in CONNECT", async () => {
    for (const { proxy } of proxies) {
      for (const url of forms(canary.port)) {
        // The raw host of an http(s)/ws(s) form (the schemes a browser proxies), before any WHATWG normalisation.
        const m = /^\s*(?:https?|wss?):\/*(?:[^@/]*@)?(\[[^\]]+\]|[^/:#?\\]+)(?::(\d+))?/i.exec(url);
        if (!m) continue;
        const host = m[1]!;
        const port = m[2] ?? "80";
        const get = await rawProxy(proxy, `GET http://${host}:${port}/ HTTP/1.1`, `${host}:${port}`);
        const connect = await rawProxy(proxy, `CONNECT ${host}:${port} HTTP/1.1`, `${host}:${port}`);
        for (const line of [get, connect]) expect(line, `${url} → ${line}`).not.toMatch(/ 200 /);
      }
    }
    expect(canary.connections()).toBe(0);
  });

  it("a rebinding resolver (public first, loopback second) gains nothing: the connection-time answer is checked", async () => {
    const answers = [["93.184.216.34"], ["127.0.0.1"]];
    let calls = 0;
    const resolve = async () => answers[Math.min(calls++, answers.length - 1)]!;
    const policy: UrlPolicy = { allowlist: [], denylist: [] };
    const url = `http://rebind.test:${canary.port}/`;
    await expect(assertUrlAllowed(url, policy, resolve)).resolves.toBeInstanceOf(URL);
    const guard = createNetworkGuard({ policy, resolve });
    await expect(guard.fetch(url)).rejects.toSatisfy(isPolicyRefusal);
    const proxy = await startPolicyProxy({ policy, resolve });
    expect(await rawProxy(proxy, `GET ${url} HTTP/1.1`, `rebind.test:${canary.port}`)).toMatch(/ 403 /);
    expect(await rawProxy(proxy, `CONNECT rebind.test:${canary.port} HTTP/1.1`, `rebind.test:${canary.port}`)).toMatch(/ 403 /);
    // Public and loopback in one answer: refused whole, not "the first one that works".
    const mixed = createNetworkGuard({ policy, resolve: async () => ["93.184.216.34", "127.0.0.1"] });
    await expect(mixed.fetch(url)).rejects.toSatisfy(isPolicyRefusal);
    await Promise.all([guard.close(), mixed.close(), proxy.close()]);
    expect(canary.connections()).toBe(0);
  });
});
