import type { LookupAddress, LookupOneOptions, LookupAllOptions } from "node:dns";
import { getLogger } from "@/lib/observability/logger";
import { PolicyRefusalError } from "./policy-refusal";
import { systemResolver, type Resolver } from "./resolver";
import { canonicalIp, hostVerdict, isAddressAllowed, isIpLiteral, normalizeHost, type UrlPolicy } from "./url-policy";

export type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
/** The `lookup` option of `net.connect` / `tls.connect` / `http.request`. */
export type LookupFn = (hostname: string, options: LookupOneOptions | LookupAllOptions | number, callback: LookupCallback) => void;

export type GuardOptions = {
  policy: UrlPolicy;
  /** Name resolution (default: the system resolver); tests inject a rebinding resolver. */
  resolve?: Resolver;
  /** Called for every refusal (diagnostics; `url` when the caller knows it); the socket gets the refusal error either way. */
  onRefused?: (r: { host: string; port: string; url?: string }) => void;
};

/**
 * Decide, for one connection to `host:port`, which addresses may be connected to: resolve the name once and keep it
 * only if every address passes {@link isAddressAllowed} (a name that resolves to both public and private addresses
 * is refused whole — the classic rebinding shape). IP literals are checked as they are.
 * @returns the allowed addresses, canonical (the caller connects to exactly these, with no second lookup).
 * @throws PolicyRefusalError when the policy refuses the host or any of its addresses; an `ENOTFOUND` error when the
 *   name does not resolve.
 */
export async function resolveAllowed(host: string, port: string, o: GuardOptions): Promise<string[]> {
  const h = normalizeHost(host);
  const refuse = (detail: Record<string, unknown>) => {
    getLogger().info({ host: h, port, ...detail }, "url policy: connection refused");
    o.onRefused?.({ host: h, port });
    return new PolicyRefusalError(h, port);
  };
  // Only DNS names and IP literals go any further (an empty or garbled host must not reach getaddrinfo).
  if (!isIpLiteral(h) && !/^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/.test(h)) throw refuse({ reason: "not a host name" });
  const verdict = hostVerdict(h, port, o.policy);
  if (verdict === "denied") throw refuse({ reason: "denylisted host" });
  let addresses: string[];
  try {
    addresses = isIpLiteral(h) ? [canonicalIp(h)] : await (o.resolve ?? systemResolver)(h);
  } catch (e) {
    // Nothing to connect to: a DNS failure, reported as one (not as a policy refusal) so a dead link stays a dead link.
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${h}`), { code: "ENOTFOUND", hostname: h, cause: e });
  }
  const refused = addresses.filter((a) => !isAddressAllowed(a, port, o.policy, verdict));
  if (addresses.length === 0 || refused.length > 0) throw refuse({ reason: "address not allowed", refused });
  return addresses;
}

const familyOf = (a: string) => (a.includes(":") ? 6 : 4);

/** Answer a `net.connect` lookup with addresses already checked, honouring `{ all: true }` and `family`. */
export function answerLookup(addresses: string[], hostname: string, options: Parameters<LookupFn>[1], callback: LookupCallback): void {
  const opts = typeof options === "number" ? { family: options } : options;
  const wanted = opts.family === 4 || opts.family === 6 ? addresses.filter((a) => familyOf(a) === opts.family) : addresses;
  if (wanted.length === 0) return callback(Object.assign(new Error(`No IPv${opts.family} address for ${hostname}`), { code: "ENOTFOUND" }), "", 0);
  if ("all" in opts && opts.all) return callback(null, wanted.map((address) => ({ address, family: familyOf(address) })));
  callback(null, wanted[0]!, familyOf(wanted[0]!));
}

/**
 * A `lookup` for `net.connect` that resolves through {@link resolveAllowed}, so the socket connects only to addresses
 * the policy allows — checked after DNS, on the address actually used, at every connection (no rebinding window).
 * Honours `{ all: true }` (Node's happy-eyeballs connect asks for every address) and `family`.
 * Note: `net.connect` skips `lookup` for IP-literal hosts; callers must check those with {@link resolveAllowed} first.
 */
export function guardedLookup(port: string, o: GuardOptions): LookupFn {
  return (hostname, options, callback) => {
    resolveAllowed(hostname, port, o).then(
      (all) => answerLookup(all, hostname, options, callback),
      (e: NodeJS.ErrnoException) => callback(e, "", 0),
    );
  };
}
