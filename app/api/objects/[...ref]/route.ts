import { z } from "zod";
import { getEnv } from "@/lib/env";
import { route } from "@/lib/http/route";
import { getObjectStore, isObjectRef } from "@/lib/object-store";
import { objectResponse } from "@/lib/object-store/object-response";
import { refFromUrlPath } from "@/lib/object-store/ref-from-url-path";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const Params = z.object({
  ref: z.array(z.string()).transform(refFromUrlPath).refine(isObjectRef, "not an object ref (sha256/<64 hex> or s3/<bucket>/<prefix…>/sha256/<64 hex>)"),
});

/**
 * `GET /api/objects/sha256/<hex>` and `GET /api/objects/s3/<bucket>/<prefix…>/sha256/<hex>` (links built by
 * `objectUrl`; the percent-encoded ref as one segment works too): an immutable object's bytes (evidence screenshots,
 * receipt results), for operators only, streamed from the local store or S3 — or a 302 to a presigned S3 URL when
 * `OBJECT_STORE_PRESIGN_SECONDS` is set. 401 without an operator session or API key, 400 malformed ref, 404 absent
 * (or another bucket's ref), 502 when S3 fails after retries.
 */
export const GET = route({ name: "/api/objects/[...ref]", auth: "operator", params: Params }, async ({ params }) =>
  objectResponse(getObjectStore(), params.ref, { presignSeconds: getEnv().OBJECT_STORE_PRESIGN_SECONDS }),
);
