import type { Agent, RequestInit, Response } from "undici";
import { createGuardedDispatcher, guardedFetch } from "./guarded-fetch";
import type { GuardOptions } from "./guarded-lookup";
import { startPolicyProxy, type PolicyProxy } from "./policy-proxy";
import type { Refusal } from "./policy-refusal";

/** Most refusals one guard keeps per side (a page looping over refused URLs must not grow memory); `total` counts all. */
const MAX_KEPT_PER_SIDE = 25;

/**
 * Everything one unit of work (a page audit, a robots.txt fetch) needs to reach the network under one URL policy:
 * `fetch` for Node-side requests through a guarded dispatcher, and policy proxies for browser contexts. Every
 * connection either makes is checked after DNS, on the address connected to; refusals from both are collected for
 * the scan's diagnostics. Create one per unit of work with {@link createNetworkGuard} and close it afterwards.
 */
export type NetworkGuard = {
  options: GuardOptions;
  fetch(url: string | URL, init?: RequestInit): Promise<Response>;
  /** A policy proxy for one browser context; close it with the context. */
  startBrowserProxy(): Promise<PolicyProxy>;
  /** Connections refused so far (browser and Node side). */
  refusals(): { total: number; refusals: Refusal[] };
  /** Count a refusal seen elsewhere as this guard's own — a browser proxy that outlives this unit of work (a reused
   * browser session) reports the refusals made while this unit used it. */
  recordRefusal(via: Refusal["via"], r: { host: string; port: string; url?: string }): void;
  close(): Promise<void>;
};

/** Build a {@link NetworkGuard} for `options.policy` (and, in tests, a custom resolver). */
export function createNetworkGuard(options: GuardOptions): NetworkGuard {
  const kept: Refusal[] = [];
  let total = 0;
  const onRefused = (via: Refusal["via"]) => (r: { host: string; port: string; url?: string }) => {
    total++;
    if (kept.filter((k) => k.via === via).length < MAX_KEPT_PER_SIDE) kept.push({ host: r.host, port: r.port, via, ...(r.url ? { url: r.url.slice(0, 500) } : {}), at: new Date().toISOString() });
    options.onRefused?.(r);
  };
  let dispatcher: Agent | undefined;
  const proxies = new Set<PolicyProxy>();
  return {
    options,
    fetch: (url, init = {}) => {
      dispatcher ??= createGuardedDispatcher({ ...options, onRefused: onRefused("node") });
      return guardedFetch(url, { ...init, dispatcher });
    },
    startBrowserProxy: async () => {
      const proxy = await startPolicyProxy({ ...options, onRefused: onRefused("browser") });
      proxies.add(proxy);
      return proxy;
    },
    refusals: () => ({ total, refusals: [...kept] }),
    recordRefusal: (via, r) => onRefused(via)(r),
    close: async () => {
      await Promise.all([dispatcher?.close(), ...[...proxies].map((p) => p.close())]);
    },
  };
}
