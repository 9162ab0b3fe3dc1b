import "server-only";
import { createHash } from "node:crypto";
import type { RepoClient } from "@/lib/github/github-access";
import type { NetworkGuard } from "@/lib/net/network-guard";
import { toPublicError } from "@/lib/errors";
import type { HashAlgorithm } from "./checksum-types";
import { consumeDownload, DownloadRejected } from "./consume-download";
import { assetTimeoutMs } from "./limits";
import { openAssetDownload } from "./open-asset-download";

/** The asset fields a download is checked against (GitHub's API). */
export type DownloadTarget = { id: number; name: string; size: number; content_type: string };

export type HashOutcome = { ok: true; hex: Partial<Record<HashAlgorithm, string>>; bytes: number } | { ok: false; reason: string };

/**
 * Download one release asset and hash it with each of `algorithms` in a single pass, in constant memory (each chunk
 * goes to the hashes and is dropped; nothing is buffered or written to disk). The body is refused — see
 * `consumeDownload` — when its length or type disagrees with the API; the whole download, opening included, is bounded
 * by `assetTimeoutMs(size)`.
 * @returns the hex digests, or `ok: false` with a caller-safe reason (a refused body, GitHub's or the storage's error,
 *   a timeout, a broken connection). Never throws: one asset's failure must not stop the others.
 */
export async function hashAssetDownload(o: { client: RepoClient; net: NetworkGuard; asset: DownloadTarget; algorithms: HashAlgorithm[] }): Promise<HashOutcome> {
  const timeoutMs = assetTimeoutMs(o.asset.size);
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let abandoned = false;
  try {
    const opening = openAssetDownload(o.client, o.net, o.asset);
    // A late answer to an abandoned open is cancelled, not leaked.
    opening.then(
      (late) => void (abandoned && late.body?.cancel().catch(() => undefined)),
      () => undefined,
    );
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abandoned = true;
        reject(new DownloadRejected(`GitHub did not start the download within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
    });
    const res = await Promise.race([opening, timedOut]);
    clearTimeout(timer);
    const hashes = o.algorithms.map((a) => [a, createHash(a)] as const);
    const bytes = await consumeDownload(
      res,
      { name: o.asset.name, size: o.asset.size, contentType: o.asset.content_type, timeoutMs: Math.max(1, timeoutMs - (Date.now() - started)) },
      (chunk) => {
        for (const [, h] of hashes) h.update(chunk);
      },
    );
    return { ok: true, bytes, hex: Object.fromEntries(hashes.map(([a, h]) => [a, h.digest("hex")])) };
  } catch (e) {
    clearTimeout(timer);
    if (e instanceof DownloadRejected) return { ok: false, reason: e.message };
    const pub = toPublicError(e);
    return { ok: false, reason: pub.code === "INTERNAL" ? "the download broke off (connection error)" : `${pub.code}: ${pub.message}` };
  }
}
