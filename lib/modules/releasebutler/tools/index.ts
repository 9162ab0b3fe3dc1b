import { createRelease } from "./create-release";
import { generateNotes } from "./generate-notes";
import { getRelease } from "./get-release";
import { listAssets } from "./list-assets";
import { verifyChecksums } from "./verify-checksums";

/** Release Butler tools, in `tools/list` order. */
export const releasebutlerTools = [getRelease, listAssets, verifyChecksums, generateNotes, createRelease] as const;
