import "server-only";
import { randomBytes } from "node:crypto";
import { WebStandardStreamableHTTPServerTransport, type McpServer } from "@modelcontextprotocol/server";
import { getLogger } from "@/lib/observability/logger";

/**
 * Sessions of the 2025-11-25 era (Streamable HTTP with `Mcp-Session-Id`, MCP 2025-11-25 basic/transports §Session
 * Management). A session is what lets the server send a request *to* the client during a call — form elicitation for
 * in-chat approval (`elicitation/create` on the call's SSE stream, the answer POSTed back under the session id) — and
 * remember `logging/setLevel`. The 2026-07-28 era is stateless and never comes here.
 *
 * Held in this process's memory: one `McpServer` + transport per session, bound to the principal that opened it (a
 * request under the same id from another principal is answered as an unknown session: 404, so a client re-initializes
 * and learns nothing). Bounded: idle sessions close after {@link SESSION_IDLE_MS}; past {@link MAX_SESSIONS} the least
 * recently used one closes. Behind several instances without sticky routing, a request reaching an instance that does
 * not hold the session gets 404 and the client starts a new session there (the spec's recovery path).
 */

/** Idle time after which a session is closed, in ms (30 min). */
export const SESSION_IDLE_MS = 30 * 60_000;
/** Most sessions held at once; the least recently used one is closed to admit a new one. */
export const MAX_SESSIONS = 1000;

type Session = { transport: WebStandardStreamableHTTPServerTransport; server: McpServer; principal: string; lastUsed: number };

const sessions = new Map<string, Session>();
let sweeper: NodeJS.Timeout | undefined;

function rpcError(status: number, code: number, message: string): Response {
  return Response.json({ jsonrpc: "2.0", id: null, error: { code, message } }, { status, headers: { "cache-control": "no-store" } });
}

async function close(id: string, why: string): Promise<void> {
  const s = sessions.get(id);
  if (!s) return;
  sessions.delete(id);
  getLogger().debug({ session: id.slice(0, 8), why }, "MCP session closed");
  await s.server.close().catch(() => undefined);
}

function sweep(): void {
  const now = Date.now();
  for (const [id, s] of sessions) if (now - s.lastUsed > SESSION_IDLE_MS) void close(id, "idle");
  if (sessions.size === 0 && sweeper) {
    clearInterval(sweeper);
    sweeper = undefined;
  }
}

/**
 * Open a session for a 2025-era `initialize` POST: a fresh server from `build`, a sessionful transport (SSE responses,
 * so server-to-client requests can ride the call's stream), and the initialize answer carrying `Mcp-Session-Id`.
 * @param req the initialize POST (body still unread).
 */
export async function openLegacySession(req: Request, principal: string, build: () => McpServer): Promise<Response> {
  if (sessions.size >= MAX_SESSIONS) {
    const oldest = [...sessions.entries()].sort((a, b) => a[1].lastUsed - b[1].lastUsed)[0];
    if (oldest) await close(oldest[0], "capacity");
  }
  const server = build();
  const transport: WebStandardStreamableHTTPServerTransport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: () => randomBytes(24).toString("base64url"),
    onsessioninitialized: (id) => {
      sessions.set(id, { transport, server, principal, lastUsed: Date.now() });
      sweeper ??= setInterval(sweep, 60_000).unref();
    },
    onsessionclosed: (id) => void close(id, "deleted by the client"),
  });
  transport.onclose = () => {
    if (transport.sessionId) sessions.delete(transport.sessionId);
  };
  await server.connect(transport);
  return transport.handleRequest(req);
}

/**
 * Serve a request that names a session (`Mcp-Session-Id`): a POST (a message, or the client's answer to an
 * elicitation), the standalone `GET` SSE stream, or `DELETE` (end of session).
 * @returns 404 `Session not found` for an unknown, expired or foreign session (the client then re-initializes).
 */
export async function serveLegacySession(req: Request, sessionId: string, principal: string): Promise<Response> {
  const s = sessions.get(sessionId);
  if (!s || s.principal !== principal) return rpcError(404, -32001, "Session not found: start a new session with initialize.");
  s.lastUsed = Date.now();
  return s.transport.handleRequest(req);
}

/** Whether a 2025-era session is open here (tests). */
export function hasLegacySession(sessionId: string): boolean {
  return sessions.has(sessionId);
}

/** Close every session (tests, shutdown). */
export async function closeAllLegacySessions(): Promise<void> {
  await Promise.all([...sessions.keys()].map((id) => close(id, "shutdown")));
}
