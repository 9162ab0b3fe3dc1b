import { lookup } from "node:dns/promises";

/**
 * Name resolution as the network layer sees it: every address a host name resolves to (IPv4 and IPv6, in the order
 * the system resolver returns them). Injected into the guarded lookup and the policy proxy so tests can play a
 * rebinding DNS server; production uses {@link systemResolver}.
 * @throws when the name does not resolve.
 */
export type Resolver = (host: string) => Promise<string[]>;

/** The operating system's resolver (`getaddrinfo` via `dns.lookup`, all families, order kept). */
export const systemResolver: Resolver = async (host) => (await lookup(host, { all: true, verbatim: true })).map((r) => r.address);
