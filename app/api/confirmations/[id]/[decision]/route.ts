import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { route } from "@/lib/http/route";
import { decideConfirmation } from "@/lib/runtime/confirmations/decide-confirmation";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const Params = z.object({ id: z.string().regex(/^conf_[0-9a-f]{28}$/, "not a confirmation id"), decision: z.enum(["approve", "deny"]) });

/**
 * `POST /api/confirmations/{id}/approve|deny` for an operator (session or operator API key): 200 with the confirmation
 * view; 400 malformed id; 401 without an operator; 403 cross-site; 404 unknown; 409 not pending.
 */
export const POST = route({ name: "/api/confirmations/[id]/[decision]", auth: "operator", params: Params }, async ({ params, operator }) =>
  decideConfirmation(await getDb(), { id: params.id, decision: params.decision, operator: operator!.name }),
);
