import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";
import { AppError } from "@/lib/errors";

/**
 * URL policy for anything OmniAudit fetches on a caller's behalf (SiteLint crawls).
 *
 * Rules, in order: only `http:`/`https:`; a host on the denylist is refused; when an allowlist is set, the host must
 * match it; every address the host resolves to must be public unicast, unless the host (or that address) is
 * allowlisted — so loopback, private (RFC 1918, ULA), link-local, CGNAT and other special ranges are refused by
 * default (SSRF). List entries are hostnames (`example.com`, `*.example.com`), IP addresses or CIDR ranges
 * (`10.0.0.0/8`), optionally with a port (`127.0.0.1:8080`).
 *
 * The address check is {@link isAddressAllowed}, separate from name resolution, so a socket-level guard (a custom
 * `lookup` for the HTTP agent / browser proxy) can reuse it later without touching the crawl.
 */
export type UrlPolicy = { allowlist: string[]; denylist: string[] };

type Entry = { kind: "host"; host: string; wildcard: boolean; port?: string } | { kind: "cidr"; range: [ipaddr.IPv4 | ipaddr.IPv6, number]; port?: string };

function parseEntry(raw: string): Entry | undefined {
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
    s = h!;
    port = p;
  }
  try {
    if (s.includes("/")) return { kind: "cidr", range: ipaddr.parseCIDR(s), port };
    if (ipaddr.isValid(s)) {
      const a = ipaddr.parse(s);
      return { kind: "cidr", range: [a, a.kind() === "ipv4" ? 32 : 128], port };
    }
  } catch {
    return undefined;
  }
  return s.startsWith("*.") ? { kind: "host", host: s.slice(2), wildcard: true, port } : { kind: "host", host: s, wildcard: false, port };
}

function normalizeAddr(a: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return a.kind() === "ipv6" && (a as ipaddr.IPv6).isIPv4MappedAddress() ? (a as ipaddr.IPv6).toIPv4Address() : a;
}

function entryMatchesHost(e: Entry, host: string, port: string): boolean {
  if (e.port && e.port !== port) return false;
  if (e.kind === "host") return e.wildcard ? host === e.host || host.endsWith(`.${e.host}`) : host === e.host;
  if (!ipaddr.isValid(host)) return false;
  return entryMatchesAddress(e, host, port);
}

function entryMatchesAddress(e: Entry, address: string, port: string): boolean {
  if (e.kind !== "cidr" || (e.port && e.port !== port)) return false;
  const a = normalizeAddr(ipaddr.parse(address));
  const [net, bits] = e.range;
  const n = normalizeAddr(net);
  if (a.kind() !== n.kind()) return false;
  return a.kind() === "ipv4" ? (a as ipaddr.IPv4).match(n as ipaddr.IPv4, bits) : (a as ipaddr.IPv6).match(n as ipaddr.IPv6, bits);
}

/** True for a globally routable unicast address (ipaddr.js range `unicast`). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return normalizeAddr(ipaddr.parse(address)).range() === "unicast";
}

/**
 * Whether the crawler may connect to `address` (already resolved) for a URL on `port`.
 * Public unicast addresses pass unless denylisted; others only when allowlisted.
 */
export function isAddressAllowed(address: string, port: string, policy: UrlPolicy): boolean {
  const deny = policy.denylist.map(parseEntry).filter((e): e is Entry => !!e);
  if (deny.some((e) => entryMatchesAddress(e, address, port))) return false;
  if (isPublicAddress(address)) return true;
  const allow = policy.allowlist.map(parseEntry).filter((e): e is Entry => !!e);
  return allow.some((e) => entryMatchesAddress(e, address, port));
}

type Resolver = (host: string) => Promise<string[]>;
const dnsResolver: Resolver = async (host) => (await lookup(host, { all: true, verbatim: true })).map((r) => r.address);

/**
 * Check a URL against the policy, resolving its host.
 * @returns the parsed URL.
 * @throws AppError `VALIDATION_ERROR` for a malformed URL or unsupported scheme; `URL_NOT_ALLOWED` for a denied host,
 *   a host outside the allowlist, an unresolvable host or a non-public address that is not allowlisted.
 */
export async function assertUrlAllowed(raw: string, policy: UrlPolicy, resolve: Resolver = dnsResolver): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError("VALIDATION_ERROR", `Not a valid absolute URL: ${JSON.stringify(raw)}`, { field: "url" });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new AppError("VALIDATION_ERROR", `Unsupported URL scheme ${url.protocol}; only http and https can be scanned.`, { field: "url" });
  }
  if (url.username || url.password) {
    throw new AppError("VALIDATION_ERROR", "URLs with embedded credentials are not accepted.", { field: "url" });
  }
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  const deny = policy.denylist.map(parseEntry).filter((e): e is Entry => !!e);
  const allow = policy.allowlist.map(parseEntry).filter((e): e is Entry => !!e);
  if (deny.some((e) => entryMatchesHost(e, host, port))) {
    throw new AppError("URL_NOT_ALLOWED", `Host ${host} is on the URL denylist (SITELINT_URL_DENYLIST).`, { host });
  }
  const hostAllowlisted = allow.some((e) => entryMatchesHost(e, host, port));
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(host) ? [host] : await resolve(host);
  } catch {
    throw new AppError("URL_NOT_ALLOWED", `Host ${host} does not resolve.`, { host });
  }
  if (allow.length > 0 && !hostAllowlisted && !addresses.every((a) => allow.some((e) => entryMatchesAddress(e, a, port)))) {
    throw new AppError("URL_NOT_ALLOWED", `Host ${host} is not on the URL allowlist (SITELINT_URL_ALLOWLIST).`, { host });
  }
  for (const a of addresses) {
    if (deny.some((e) => entryMatchesAddress(e, a, port))) {
      throw new AppError("URL_NOT_ALLOWED", `Host ${host} resolves to denylisted address ${a}.`, { host });
    }
    if (!isPublicAddress(a) && !hostAllowlisted && !allow.some((e) => entryMatchesAddress(e, a, port))) {
      throw new AppError(
        "URL_NOT_ALLOWED",
        `Host ${host} resolves to non-public address ${a} (${normalizeAddr(ipaddr.parse(a)).range()}); add it to SITELINT_URL_ALLOWLIST to scan it.`,
        { host, address: a },
      );
    }
  }
  return url;
}
