import { Agent, buildConnector, fetch as undiciFetch, type Dispatcher, type RequestInit, type Response } from "undici";
import { guardedLookup, resolveAllowed, type GuardOptions } from "./guarded-lookup";
import { isIpLiteral } from "./url-policy";

/**
 * The one HTTP client for Node-side requests to hosts a caller chose (robots.txt, sitemaps, link checks, and every
 * later client of ours): an undici `Agent` whose connector checks the URL policy where the socket opens — names
 * through {@link guardedLookup} (after DNS, on the addresses actually connected to, at every connection, so a
 * rebinding DNS server gains nothing), IP literals directly. Redirect hops open new connections and are checked too.
 */
export function createGuardedDispatcher(o: GuardOptions & { connectTimeoutMs?: number }): Agent {
  const byPort = new Map<string, buildConnector.connector>();
  const connectorFor = (port: string) => {
    let c = byPort.get(port);
    if (!c) {
      c = buildConnector({ timeout: o.connectTimeoutMs ?? 10_000, lookup: guardedLookup(port, o) } as buildConnector.BuildOptions);
      byPort.set(port, c);
    }
    return c;
  };
  return new Agent({
    connect: (opts, callback) => {
      const port = String(opts.port || (opts.protocol === "https:" ? 443 : 80));
      const connector = connectorFor(port);
      // net.connect never calls `lookup` for an IP literal, so check those here and connect to the checked address.
      if (!isIpLiteral(opts.hostname)) return connector(opts, callback);
      resolveAllowed(opts.hostname, port, o).then(
        ([address]) => connector({ ...opts, hostname: address! }, callback),
        (e: Error) => callback(e, null),
      );
    },
  });
}

export type GuardedFetchInit = RequestInit & { dispatcher: Dispatcher };

/**
 * `fetch` through a guarded dispatcher ({@link createGuardedDispatcher}). Only `http:`/`https:` URLs without
 * embedded credentials.
 * @throws TypeError for another scheme or a URL with credentials; fetch's `TypeError("fetch failed")` whose `cause` is a `PolicyRefusalError`
 *   when the policy refused a connection (test with `isPolicyRefusal`).
 */
export async function guardedFetch(url: string | URL, init: GuardedFetchInit): Promise<Response> {
  const u = new URL(url);
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new TypeError(`Only http(s) URLs can be fetched, not ${u.protocol}`);
  if (u.username || u.password) throw new TypeError("Only http(s) URLs without embedded credentials can be fetched");
  return undiciFetch(u, init);
}

/**
 * Read at most `maxBytes` of a response body as UTF-8 text, cancelling the rest (a hostile server can send an
 * endless body).
 * @returns the text and whether it was cut.
 */
export async function readTextLimited(res: Response, maxBytes: number): Promise<{ text: string; truncated: boolean }> {
  if (!res.body) return { text: "", truncated: false };
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > maxBytes) {
      chunks.push(value.subarray(0, maxBytes - size));
      truncated = true;
      await reader.cancel().catch(() => undefined);
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  return { text: Buffer.concat(chunks).toString("utf8"), truncated };
}
