import { decideByRequest } from "@/lib/runtime/confirmations/decide-by-request";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Deny a pending confirmation (operator session or operator API key). */
export async function POST(req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return decideByRequest(req, (await params).id, "deny");
}
