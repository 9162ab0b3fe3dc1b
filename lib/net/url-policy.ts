import ipaddr from "ipaddr.js";
import { AppError } from "@/lib/errors";
import { getLogger } from "@/lib/observability/logger";
import { systemResolver, type Resolver } from "./resolver";

/**
 * URL policy for anything OmniAudit connects to on a caller's behalf (SiteLint crawls, later artifact downloads).
 *
 * Rules, in order: only `http:`/`https:`, no embedded credentials; a host on the denylist is refused; when an
 * allowlist is set, the host (or every address it resolves to) must match it; every address must be public unicast
 * unless the host or that address is allowlisted — so loopback, private (RFC 1918, ULA), link-local, CGNAT and the
 * other IANA special-purpose ranges (RFC 6890) are refused by default (SSRF). IPv6 forms that embed an IPv4 address —
 * IPv4-compatible `::/96`, IPv4-mapped `::ffff:0:0/96`, IPv4-translated `::ffff:0:0:0/96`, NAT64 `64:ff9b::/96`
 * (RFC 6052) and 6to4 `2002::/16` (RFC 3056) — are judged by the IPv4 address they embed.
 *
 * List entries are hostnames (`example.com`, `*.example.com`), IP addresses or CIDR ranges (`10.0.0.0/8`), optionally
 * with a port (`127.0.0.1:8080`, `[::1]:8080`); {@link parsePolicyEntry} validates them at boot (lib/env.ts).
 *
 * This module answers "may we connect to this address?" ({@link isAddressAllowed}); the socket-level enforcement
 * lives in `guarded-lookup.ts` (Node clients) and `policy-proxy.ts` (the browser). {@link assertUrlAllowed} is the
 * early, submit-time check that gives callers a clear error before a job starts.
 */
export type UrlPolicy = {
  allowlist: readonly string[];
  denylist: readonly string[];
  /** Hosts an operator configured themselves (the GitHub API URL of a GitHub Enterprise Server): allowed whatever they
   * resolve to, without restricting any other host (unlike the allowlist). The denylist still wins. */
  trusted?: readonly string[];
  /** Names of the variables holding the lists, for messages (default the SiteLint ones). */
  allowlistName?: string;
  denylistName?: string;
};

type Addr = ipaddr.IPv4 | ipaddr.IPv6;
export type PolicyEntry = { kind: "host"; host: string; wildcard: boolean; port?: string } | { kind: "cidr"; range: [Addr, number]; port?: string };

const HOST_RE = /^(\*\.)?[a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_]([a-z0-9_-]{0,62}))*\.?$/;

/**
 * Parse one allow/deny list entry.
 * @returns the entry, or `undefined` when it is not a hostname, `*.` wildcard, IP address or CIDR range with an optional
 *   port (the caller reports the bad entry; lib/env.ts refuses to start with one).
 */
export function parsePolicyEntry(raw: string): PolicyEntry | undefined {
  let s = raw.trim().toLowerCase();
  if (!s) return undefined;
  s = s.replace(/^[a-z]+:\/\//, "").replace(/\/$/, "");
  let port: string | undefined;
  const v6 = s.match(/^\[([^\]]+)\](?::(\d+))?(\/\d+)?$/);
  if (v6) {
    s = v6[1]! + (v6[3] ?? "");
    port = v6[2];
  } else if ((s.match(/:/g) ?? []).length === 1) {
    const [h, p] = s.split(":");
    if (!/^\d{1,5}$/.test(p!)) return undefined;
    s = h!;
    port = p;
  }
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return undefined;
  try {
    if (s.includes("/")) return { kind: "cidr", range: ipaddr.parseCIDR(s), port };
    if (ipaddr.isValid(s)) {
      const a = ipaddr.parse(s);
      return { kind: "cidr", range: [a, a.kind() === "ipv4" ? 32 : 128], port };
    }
  } catch {
    return undefined;
  }
  if (!HOST_RE.test(s)) return undefined;
  s = s.replace(/\.$/, "");
  return s.startsWith("*.") ? { kind: "host", host: s.slice(2), wildcard: true, port } : { kind: "host", host: s, wildcard: false, port };
}

/**
 * Refuse a policy whose lists hold an entry that does not parse (a typo would otherwise silently allow or deny
 * nothing). Called at boot.
 * @throws Error naming the variable, the entry and the accepted forms.
 */
export function assertPolicyEntries(policy: UrlPolicy): void {
  for (const [list, name] of [[policy.allowlist, policy.allowlistName ?? "allowlist"], [policy.denylist, policy.denylistName ?? "denylist"]] as const) {
    const bad = list.find((e) => !parsePolicyEntry(e));
    if (bad !== undefined) {
      throw new Error(`Invalid environment: ${name}: entry "${bad.slice(0, 80)}" is not a host, *.domain, IP address or CIDR range with an optional :port`);
    }
  }
}

const compiled = new Map<string, PolicyEntry[]>();
function entries(list: readonly string[]): PolicyEntry[] {
  const key = list.join("\n");
  let out = compiled.get(key);
  if (!out) {
    out = list.map(parsePolicyEntry).filter((e): e is PolicyEntry => !!e);
    if (compiled.size > 100) compiled.clear();
    compiled.set(key, out);
  }
  return out;
}

/**
 * The IPv4 address an IPv6 address embeds, for the transition forms listed in the module comment; else undefined.
 * Works on the bytes, so it does not depend on how the address was written (`[::127.0.0.1]` serialises as `::7f00:1`).
 */
export function embeddedIPv4(a: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const b = a.toByteArray();
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  const v4 = (at: number) => new ipaddr.IPv4(b.slice(at, at + 4));
  if (zero(0, 12)) return v4(12); // ::/96 IPv4-compatible (deprecated, RFC 4291 §2.5.5.1); also :: and ::1
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return v4(12); // ::ffff:0:0/96 IPv4-mapped
  if (zero(0, 8) && b[8] === 0xff && b[9] === 0xff && zero(10, 12)) return v4(12); // ::ffff:0:0:0/96 IPv4-translated
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12)) return v4(12); // 64:ff9b::/96 NAT64
  if (b[0] === 0x20 && b[1] === 0x02) return v4(2); // 2002::/16 6to4
  return undefined;
}

/** Parse an address and reduce IPv4-embedding IPv6 forms to their IPv4 address. */
function canonicalAddr(address: string): Addr {
  const a = ipaddr.parse(address.replace(/^\[|\]$/g, "").replace(/%.*$/, ""));
  if (a.kind() === "ipv6") return embeddedIPv4(a as ipaddr.IPv6) ?? a;
  return a;
}

/**
 * The canonical text of an IP literal in any form ipaddr.js accepts (`0x7f.1`, `2130706433`, `[::1]`): dotted-quad
 * IPv4 or compressed IPv6 — what a socket is then told to connect to.
 */
export function canonicalIp(host: string): string {
  return ipaddr.parse(host.replace(/^\[|\]$/g, "").replace(/%.*$/, "")).toString();
}

/** True for a textual IPv4 or IPv6 address (with or without brackets). */
export function isIpLiteral(host: string): boolean {
  return ipaddr.isValid(host.replace(/^\[|\]$/g, "").replace(/%.*$/, ""));
}

/** True for a globally routable unicast address (ipaddr.js range `unicast` after reducing embedded IPv4 forms). */
export function isPublicAddress(address: string): boolean {
  if (!isIpLiteral(address)) return false;
  return canonicalAddr(address).range() === "unicast";
}

function cidrMatches(e: PolicyEntry, address: string, port: string): boolean {
  if (e.kind !== "cidr" || (e.port && e.port !== port)) return false;
  const a = canonicalAddr(address);
  const [net, bits] = e.range;
  const n = net.kind() === "ipv6" ? (embeddedIPv4(net as ipaddr.IPv6) ?? net) : net;
  const nBits = n === net ? bits : Math.max(0, bits - 96);
  if (a.kind() !== n.kind()) return false;
  return a.kind() === "ipv4" ? (a as ipaddr.IPv4).match(n as ipaddr.IPv4, nBits) : (a as ipaddr.IPv6).match(n as ipaddr.IPv6, nBits);
}

function hostMatches(e: PolicyEntry, host: string, port: string): boolean {
  if (e.port && e.port !== port) return false;
  if (e.kind === "host") return e.wildcard ? host === e.host || host.endsWith(`.${e.host}`) : host === e.host;
  return isIpLiteral(host) && cidrMatches(e, host, port);
}

/** The policy's verdict on one host (before DNS): denied, allowlisted by name, or neither. */
export function hostVerdict(host: string, port: string, policy: UrlPolicy): "denied" | "allowlisted" | "unlisted" {
  const h = normalizeHost(host);
  if (entries(policy.denylist).some((e) => hostMatches(e, h, port))) return "denied";
  const listed = (list: readonly string[] | undefined) => entries(list ?? []).some((e) => hostMatches(e, h, port));
  return listed(policy.allowlist) || listed(policy.trusted) ? "allowlisted" : "unlisted";
}

/**
 * Whether we may connect to `address` (already resolved) on `port`, for a host whose {@link hostVerdict} is given.
 * Denylisted addresses never pass; with an allowlist set, the host or the address must be on it; non-public addresses
 * pass only when the host or the address is allowlisted.
 */
export function isAddressAllowed(address: string, port: string, policy: UrlPolicy, verdict: "allowlisted" | "unlisted" = "unlisted"): boolean {
  if (!isIpLiteral(address)) return false;
  if (entries(policy.denylist).some((e) => cidrMatches(e, address, port))) return false;
  const allow = entries(policy.allowlist);
  const addressAllowlisted = allow.some((e) => cidrMatches(e, address, port));
  if (verdict === "allowlisted" || addressAllowlisted) return true;
  if (allow.length > 0) return false;
  return isPublicAddress(address);
}

/** Lower-case, strip IPv6 brackets/zone and one trailing dot (`localhost.` is `localhost`). */
export function normalizeHost(host: string): string {
  return host.toLowerCase().replace(/^\[|\]$/g, "").replace(/%.*$/, "").replace(/\.$/, "");
}

/** Default port of a URL's scheme, as a string (policy entries compare ports as text). */
export function portOf(url: URL): string {
  return url.port || (url.protocol === "https:" || url.protocol === "wss:" ? "443" : "80");
}

/** Message for a refused host: says "not allowed" and which list to change, never what the name resolved to. */
export function refusalMessage(host: string, policy: UrlPolicy): string {
  const allow = policy.allowlistName ?? "SITELINT_URL_ALLOWLIST";
  return entries(policy.allowlist).length > 0
    ? `Host ${host} is not allowed: it is not on the URL allowlist (${allow}).`
    : `Host ${host} is not allowed by the URL policy: only public addresses may be fetched unless the host is on ${allow}.`;
}

/**
 * Check a URL against the policy, resolving its host (the early check; connections are checked again where sockets
 * open). Refusals say "not allowed" without revealing what a name resolved to; the detail goes to the server log.
 * @returns the parsed URL.
 * @throws AppError `VALIDATION_ERROR` for a malformed URL, an unsupported scheme or embedded credentials;
 *   `URL_NOT_ALLOWED` for a denied host, a host outside the allowlist, an unresolvable host or a non-public address
 *   that is not allowlisted.
 */
export async function assertUrlAllowed(raw: string, policy: UrlPolicy, resolve: Resolver = systemResolver): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError("VALIDATION_ERROR", `Not a valid absolute URL: ${JSON.stringify(raw.slice(0, 200))}`, { field: "url" });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new AppError("VALIDATION_ERROR", `Unsupported URL scheme ${url.protocol}; only http and https can be fetched.`, { field: "url" });
  }
  if (url.username || url.password) {
    throw new AppError("VALIDATION_ERROR", "URLs with embedded credentials are not accepted.", { field: "url" });
  }
  const host = normalizeHost(url.hostname);
  const port = portOf(url);
  const verdict = hostVerdict(host, port, policy);
  if (verdict === "denied") {
    throw new AppError("URL_NOT_ALLOWED", `Host ${host} is not allowed: it is on the URL denylist (${policy.denylistName ?? "SITELINT_URL_DENYLIST"}).`, { host });
  }
  let addresses: string[];
  try {
    addresses = isIpLiteral(host) ? [host] : await resolve(host);
  } catch (e) {
    getLogger().info({ host, err: (e as Error).message }, "url policy: host does not resolve");
    throw new AppError("URL_NOT_ALLOWED", refusalMessage(host, policy), { host });
  }
  const refused = addresses.filter((a) => !isAddressAllowed(a, port, policy, verdict));
  if (addresses.length === 0 || refused.length > 0) {
    getLogger().info({ host, port, refused }, "url policy: refused address");
    throw new AppError("URL_NOT_ALLOWED", refusalMessage(host, policy), { host });
  }
  return url;
}
