import "server-only";
import { operatorFromRequest } from "@/lib/auth/require-operator";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/error-response";
import { decideConfirmation } from "./decide-confirmation";

/**
 * `POST /api/confirmations/{id}/approve|deny` for a signed-in operator (session cookie) or an operator API key
 * (`Authorization: Bearer`). A cross-site `Origin` is refused (the session cookie must not be usable by other sites).
 * @returns 200 with the confirmation view; 401 without an operator; 403 bad origin; 404 unknown; 409 not pending.
 */
export async function decideByRequest(req: Request, id: string, decision: "approve" | "deny"): Promise<Response> {
  try {
    const origin = req.headers.get("origin");
    if (origin && origin !== new URL(getEnv().baseUrl).origin && origin !== new URL(req.url).origin) {
      throw new AppError("FORBIDDEN", "Cross-site request refused.");
    }
    const operator = await operatorFromRequest(req);
    if (!operator) throw new AppError("UNAUTHORIZED", "Sign in as an operator, or send an operator API key as Authorization: Bearer.");
    return Response.json(await decideConfirmation(await getDb(), { id, decision, operator: operator.name }));
  } catch (e) {
    return errorResponse(e);
  }
}
