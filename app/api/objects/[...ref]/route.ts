import { z } from "zod";
import { route } from "@/lib/http/route";
import { getObjectStore, isObjectRef } from "@/lib/object-store";
import { sniffContentType } from "@/lib/object-store/sniff-content-type";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const Params = z.object({ ref: z.array(z.string()).transform((p) => p.join("/")).refine(isObjectRef, "not an object ref (sha256/<64 hex>)") });

/**
 * `GET /api/objects/sha256/<hex>`: an immutable object's bytes (evidence screenshots), for operators only.
 * 401 without an operator session or API key, 400 malformed ref, 404 absent.
 */
export const GET = route({ name: "/api/objects/[...ref]", auth: "operator", params: Params }, async ({ params }) => {
  const bytes = await getObjectStore().get(params.ref);
  return new Response(new Uint8Array(bytes), {
    headers: {
      "content-type": sniffContentType(bytes),
      "content-length": String(bytes.byteLength),
      // private: the bytes are immutable but access-controlled, so no shared cache may keep them.
      "cache-control": "private, max-age=31536000, immutable",
      "x-content-type-options": "nosniff",
    },
  });
});
