import type { lookup } from "node:dns";
import http from "node:http";
import net from "node:net";
import { RequestError, Server } from "proxy-chain";
import { answerLookup, resolveAllowed, type GuardOptions, type LookupFn } from "./guarded-lookup";
import { isPolicyRefusal } from "./policy-refusal";
import { normalizeHost } from "./url-policy";

/** Response header the proxy puts on the block page it answers for a refused plain-HTTP request. */
export const POLICY_BLOCK_HEADER = "x-omniaudit-blocked";
/** Response header on the proxy's own answer when it could not reach an allowed target (value: `ECONNREFUSED`, …). */
export const PROXY_ERROR_HEADER = "x-omniaudit-proxy-error";

const CONNECT_TIMEOUT_MS = 10_000;

/** An agent that hands the request the one socket already connected to a checked address (no lookup, no reuse). */
class PreconnectedAgent extends http.Agent {
  constructor(private readonly socket: net.Socket) {
    super({ keepAlive: false });
  }
  override createConnection(): net.Socket {
    return this.socket;
  }
}

/** Connect to the first address that accepts, in order. @throws the last connection error (with its `code`). */
async function connectFirst(addresses: string[], port: number): Promise<net.Socket> {
  let last: unknown;
  for (const address of addresses) {
    try {
      return await new Promise<net.Socket>((resolve, reject) => {
        const s = net.connect({ host: address, port, timeout: CONNECT_TIMEOUT_MS });
        s.once("connect", () => {
          s.setTimeout(0);
          s.removeAllListeners("error");
          resolve(s);
        });
        s.once("timeout", () => s.destroy(Object.assign(new Error("connect timed out"), { code: "ETIMEDOUT" })));
        s.once("error", reject);
      });
    } catch (e) {
      last = e;
    }
  }
  throw last;
}

export type PolicyProxy = {
  /** `http://127.0.0.1:<port>` — give it to the browser context as its proxy server. */
  url: string;
  /** Connections refused so far. */
  total(): number;
  /** Whether a connection to this URL's host and port was refused (tells policy blocks from the site's failures). */
  wasRefused(url: string): boolean;
  close(): Promise<void>;
};

/** A `lookup` that answers with addresses already resolved and checked: the socket connects to exactly those. */
function fixedLookup(addresses: string[]): LookupFn {
  return (hostname, options, callback) => answerLookup(addresses, hostname, options, callback);
}

function hostPortOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    const port = u.port || (u.protocol === "https:" || u.protocol === "wss:" ? "443" : "80");
    return `${normalizeHost(u.hostname)}:${port}`;
  } catch {
    return undefined;
  }
}

/**
 * Start a forward proxy on 127.0.0.1 (random port) that enforces the URL policy on every connection a browser makes
 * through it: plain HTTP requests (absolute-form) and `CONNECT` tunnels (TLS, WebSockets). For each request the proxy
 * resolves the target once, checks every address ({@link resolveAllowed}), and connects to exactly the checked
 * addresses — no second lookup, so a rebinding DNS server cannot swap the address after the check. A refused plain-HTTP
 * request gets a 403 block page marked with {@link POLICY_BLOCK_HEADER}; a refused `CONNECT` gets 403, which Chromium
 * reports as `net::ERR_TUNNEL_CONNECTION_FAILED`. Each refusal is reported to `onRefused` (with the URL for plain HTTP)
 * for the scan's diagnostics.
 *
 * Built on proxy-chain (HTTP forwarding and CONNECT tunnelling); the policy decision is ours.
 * @throws when the listener cannot start.
 */
export async function startPolicyProxy(o: GuardOptions): Promise<PolicyProxy> {
  const refusedHostPorts = new Set<string>();
  let total = 0;
  const { onRefused, ...guard } = o;
  const record = (host: string, port: string, url?: string) => {
    total++;
    // Bounded: the set only feeds classification; a page looping over refused hosts stops growing it at 1,000.
    if (refusedHostPorts.size < 1_000) refusedHostPorts.add(`${host}:${port}`);
    onRefused?.({ host, port, ...(url ? { url } : {}) });
  };
  const server = new Server({
    port: 0,
    host: "127.0.0.1",
    verbose: false,
    prepareRequestFunction: async ({ request, hostname, port, isHttp }) => {
      const host = normalizeHost(hostname);
      const p = String(port);
      let addresses: string[];
      try {
        addresses = await resolveAllowed(host, p, guard);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOTFOUND") throw new RequestError(`Cannot resolve ${host}.`, 502, { [PROXY_ERROR_HEADER]: "ENOTFOUND" });
        if (!isPolicyRefusal(e)) throw e;
        record(host, p, isHttp ? request.url : undefined);
        throw new RequestError(`Blocked by the OmniAudit URL policy: ${host}:${p} is not allowed.`, 403, { [POLICY_BLOCK_HEADER]: "url-policy" });
      }
      // CONNECT: proxy-chain opens the tunnel to exactly the checked addresses (for a name, and for a numeric form
      // such as 0x7f.1 that net.connect would otherwise hand to getaddrinfo).
      if (!isHttp) return { dnsLookup: fixedLookup(addresses) as unknown as typeof lookup };
      // Plain HTTP: connect here, so that an unreachable target is answered with a marked error the audit can tell
      // from the site's own 5xx (proxy-chain would answer a bare 59x), and forward over that very socket.
      try {
        return { httpAgent: new PreconnectedAgent(await connectFirst(addresses, Number(p))) };
      } catch (e) {
        const code = String((e as NodeJS.ErrnoException).code ?? "ECONNFAILED");
        throw new RequestError(`Cannot connect to ${host}:${p} (${code}).`, 502, { [PROXY_ERROR_HEADER]: code });
      }
    },
  });
  // proxy-chain reports target-side socket errors as events; the page sees the failed request, nothing to do here.
  server.on("requestFailed", () => undefined);
  await server.listen();
  return {
    url: `http://127.0.0.1:${server.port}`,
    total: () => total,
    wasRefused: (url) => {
      const hp = hostPortOf(url);
      return !!hp && refusedHostPorts.has(hp);
    },
    close: () => server.close(true),
  };
}

const NET_ERRORS: Record<string, string> = {
  ECONNREFUSED: "net::ERR_CONNECTION_REFUSED",
  ENOTFOUND: "net::ERR_NAME_NOT_RESOLVED",
  ETIMEDOUT: "net::ERR_CONNECTION_TIMED_OUT",
  ECONNRESET: "net::ERR_CONNECTION_RESET",
  EHOSTUNREACH: "net::ERR_ADDRESS_UNREACHABLE",
  ENETUNREACH: "net::ERR_ADDRESS_UNREACHABLE",
};

/**
 * proxy-chain's own answers when the target failed after the connection was made (it has no hook to mark them):
 * 593 not found, 594 refused, 595 reset / closed without a response, 596 timed out, 590–599 otherwise (see
 * proxy-chain's `errorCodeToStatusCode`). A site's own 59x is non-standard; it is read as the network error too.
 */
const PROXY_CHAIN_STATUSES: Record<number, string> = {
  593: "net::ERR_NAME_NOT_RESOLVED",
  594: "net::ERR_CONNECTION_REFUSED",
  595: "net::ERR_EMPTY_RESPONSE",
  596: "net::ERR_CONNECTION_TIMED_OUT",
};

/**
 * For a response the policy proxy generated itself because an allowed target could not be reached (marked with
 * {@link PROXY_ERROR_HEADER}, or one of proxy-chain's 590–599 statuses when `status` is given), the network error it
 * stands for, named as Chromium names it (`net::ERR_CONNECTION_REFUSED`); undefined for the site's own responses.
 */
export function proxyNetError(headers: Record<string, string>, status?: number): string | undefined {
  const code = headers[PROXY_ERROR_HEADER];
  if (code !== undefined) return NET_ERRORS[code] ?? "net::ERR_CONNECTION_FAILED";
  if (status !== undefined && status >= 590 && status <= 599) return PROXY_CHAIN_STATUSES[status] ?? "net::ERR_CONNECTION_FAILED";
  return undefined;
}
