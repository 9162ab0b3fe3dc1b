/**
 * A connection the URL policy refused where the socket was about to open. `host` and `port` are what the client
 * asked for; the message never says which address a name resolved to (that would let a caller map internal DNS) —
 * the address goes to the server log only.
 */
export class PolicyRefusalError extends Error {
  readonly code = "ERR_URL_POLICY";
  constructor(
    readonly host: string,
    readonly port: string,
  ) {
    super(`Connection to ${host}:${port} refused: not allowed by the URL policy.`);
    this.name = "PolicyRefusalError";
  }
}

/** True when `e`, or an error in its `cause` chain (fetch wraps socket errors), is a {@link PolicyRefusalError}. */
export function isPolicyRefusal(e: unknown): e is Error {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; cur = (cur as { cause?: unknown }).cause, depth++) {
    if (cur instanceof PolicyRefusalError || (cur as { code?: unknown }).code === "ERR_URL_POLICY") return true;
  }
  return false;
}

/** One refused connection, as kept in a scan's diagnostics. */
export type Refusal = { host: string; port: string; via: "browser" | "node"; url?: string; at: string };
