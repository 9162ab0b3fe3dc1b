import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { AppError } from "@/lib/errors";

/** A local file confined to the asset root, as it was when resolved. */
export type LocalAsset = { absPath: string; size: number };

/** GitHub renames asset names with other characters (and leading/trailing dots); we refuse them so names compare. */
export const ASSET_NAME_RE = /^(?!\.)[A-Za-z0-9._+-]{1,255}(?<!\.)$/;

const inside = (root: string, p: string) => p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

/**
 * Resolve an asset path given by a caller (relative to `root`, or absolute) to a regular file inside `root`, following
 * symlinks first: `..`, absolute paths elsewhere, and symlinks (of the file or of any directory on the way) that lead
 * out of the root are all refused — the check is on the real path, so it holds whatever the spelling.
 * @param root absolute asset root (`RELEASE_ASSET_ROOT`). @param maxBytes largest accepted file, bytes.
 * @throws AppError `FORBIDDEN` for a path outside the root; `NOT_FOUND` for a missing file; `VALIDATION_ERROR` for a
 *   directory, a special file, an empty file or one over `maxBytes`.
 */
export async function resolveReleaseAsset(root: string, given: string, maxBytes: number): Promise<LocalAsset> {
  const shown = JSON.stringify(given.slice(0, 300));
  if (given.includes("\0")) throw new AppError("VALIDATION_ERROR", `Asset path ${shown} is not a valid path.`, { field: "assets" });
  let realRoot: string;
  try {
    realRoot = await fs.realpath(root);
  } catch {
    throw new AppError("NOT_FOUND", `The release asset root ${root} does not exist: create it (RELEASE_ASSET_ROOT) and put the files to upload there.`);
  }
  const lexical = path.resolve(realRoot, given);
  if (!inside(realRoot, lexical) && !inside(path.resolve(root), path.resolve(root, given))) {
    throw new AppError("FORBIDDEN", `Asset path ${shown} is outside the release asset root (RELEASE_ASSET_ROOT); only files under it can be uploaded.`, { field: "assets" });
  }
  let real: string;
  try {
    real = await fs.realpath(path.resolve(root, given));
  } catch {
    throw new AppError("NOT_FOUND", `Asset file ${shown} does not exist under the release asset root.`, { field: "assets" });
  }
  if (!inside(realRoot, real)) {
    throw new AppError("FORBIDDEN", `Asset path ${shown} resolves (through a symlink) outside the release asset root (RELEASE_ASSET_ROOT); it is refused.`, { field: "assets" });
  }
  const st = await fs.stat(real);
  if (!st.isFile()) throw new AppError("VALIDATION_ERROR", `Asset path ${shown} is not a regular file.`, { field: "assets" });
  if (st.size === 0) throw new AppError("VALIDATION_ERROR", `Asset file ${shown} is empty; GitHub does not accept empty release assets.`, { field: "assets" });
  if (st.size > maxBytes) throw new AppError("VALIDATION_ERROR", `Asset file ${shown} is ${st.size} bytes, over the ${maxBytes}-byte limit (RELEASE_ASSET_MAX_BYTES; GitHub allows 2 GiB).`, { field: "assets" });
  return { absPath: real, size: st.size };
}
