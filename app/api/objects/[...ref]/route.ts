import { operatorFromRequest } from "@/lib/auth/require-operator";
import { isAppError } from "@/lib/errors";
import { getObjectStore, isObjectRef } from "@/lib/object-store";
import { sniffContentType } from "@/lib/object-store/sniff-content-type";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * `GET /api/objects/sha256/<hex>`: an immutable object's bytes (evidence screenshots), for operators only.
 * 401 without an operator session or API key, 400 malformed ref, 404 absent.
 */
export async function GET(req: Request, { params }: { params: Promise<{ ref: string[] }> }): Promise<Response> {
  if (!(await operatorFromRequest(req))) return Response.json({ error: { code: "UNAUTHORIZED", message: "Operators only." } }, { status: 401 });
  const ref = (await params).ref.join("/");
  if (!isObjectRef(ref)) return Response.json({ error: { code: "VALIDATION_ERROR", message: "Malformed object ref." } }, { status: 400 });
  let bytes: Buffer;
  try {
    bytes = await getObjectStore().get(ref);
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") return Response.json({ error: { code: "NOT_FOUND", message: "No such object." } }, { status: 404 });
    throw e; // a bug or I/O failure: Next logs it and answers 500 without details
  }
  return new Response(new Uint8Array(bytes), {
    headers: {
      "content-type": sniffContentType(bytes),
      "content-length": String(bytes.byteLength),
      // private: the bytes are immutable but access-controlled, so no shared cache may keep them.
      "cache-control": "private, max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
    },
  });
}
