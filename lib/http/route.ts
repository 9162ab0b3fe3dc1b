import "server-only";
import { z } from "zod";
import { operatorFromRequest } from "@/lib/auth/require-operator";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { withHttpMetrics } from "@/lib/observability/with-http-metrics";
import { requestIdFrom } from "@/lib/observability/request-context";
import { errorResponse } from "./error-response";

/** What a route handler receives: the request, its validated path params, the operator (when required), request id. */
export type RouteContext<P> = { req: Request; params: P; operator: { name: string; via: "session" | "api_key" } | null; requestId: string };

export type RouteOptions<P> = {
  /** Fixed route template for metrics (`/api/confirmations/[id]/[decision]`), never the URL. */
  name: string;
  /** `operator`: an operator session or operator API key, else 401. */
  auth: "operator" | "none";
  /** zod schema of the path params (`{ id, decision }`); a mismatch is 400 VALIDATION_ERROR naming the param. */
  params?: z.ZodType<P>;
};

const NO_STORE = { "cache-control": "no-store" };

/**
 * The one wrapper for the operator and API routes (DESIGN.md §8 rule 1): request id, metrics, path params checked
 * with zod, operator authentication, a cross-site `Origin` refused on state-changing methods (a session cookie must
 * not be usable by other sites), and every thrown error mapped by `errorResponse` (`AppError` → its status and
 * code; anything else → 500 `INTERNAL` without internals). A handler returns a `Response` or a JSON-serialisable
 * value (sent as 200 JSON, `no-store`).
 */
export function route<P = Record<string, never>>(o: RouteOptions<P>, handler: (ctx: RouteContext<P>) => Promise<Response | object>) {
  return withHttpMetrics(o.name, async (req: Request, segment?: { params?: Promise<unknown> }): Promise<Response> => {
    const requestId = requestIdFrom(req.headers.get("x-request-id"));
    try {
      let params = {} as P;
      if (o.params) {
        const parsed = o.params.safeParse((await segment?.params) ?? {});
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new AppError("VALIDATION_ERROR", `Malformed path parameter ${issue?.path.join(".") || "(params)"}: ${issue?.message ?? "invalid"}.`);
        }
        params = parsed.data;
      }
      if (!["GET", "HEAD", "OPTIONS"].includes(req.method)) {
        const origin = req.headers.get("origin");
        if (origin && origin !== new URL(getEnv().baseUrl).origin && origin !== new URL(req.url).origin) throw new AppError("FORBIDDEN", "Cross-site request refused.");
      }
      const operator = o.auth === "operator" ? await operatorFromRequest(req) : null;
      if (o.auth === "operator" && !operator) throw new AppError("UNAUTHORIZED", "Sign in as an operator, or send an operator API key as Authorization: Bearer.");
      const out = await handler({ req, params, operator, requestId });
      const res = out instanceof Response ? out : Response.json(out, { headers: NO_STORE });
      res.headers.set("x-request-id", requestId);
      return res;
    } catch (e) {
      const res = errorResponse(e, requestId);
      res.headers.set("x-request-id", requestId);
      return res;
    }
  });
}
