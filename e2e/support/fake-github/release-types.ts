/** Records of the git graph, releases and release assets (Release Butler scenarios); part of `FakeState`. */
import type { BlobSource } from "./blob-source";

/** A commit of one repository. Parents exist before their children, so `seq` (insertion order) is topological. */
export type FakeCommit = {
  sha: string;
  repo: string;
  message: string;
  /** GitHub login of the author (and committer). */
  author: string;
  authorType: "User" | "Bot";
  /** ISO 8601, second precision. */
  date: string;
  parents: string[];
  /** Paths the commit changed (`files` of the commit and of comparisons). */
  files: string[];
  seq: number;
};

/** What a download serves instead of the real bytes; `size` in the API stays that of the real bytes. */
export type FakeAssetServe = {
  /** Default: the real bytes. */
  body?: string | Uint8Array;
  /** Default 200. */
  status?: number;
  /** Default `application/octet-stream` (GitHub's storage serves every asset so). */
  contentType?: string;
  /** Default: the body's length. A larger value truncates the transfer (socket closed early); `"omit"`: chunked. */
  contentLength?: number | "omit";
};

export type FakeAssetInput = {
  name: string;
  /** Bytes in memory, or `file` streamed from disk (never read whole). */
  content?: string | Uint8Array;
  file?: string;
  /** Default `application/octet-stream`. */
  contentType?: string;
  label?: string | null;
  /**
   * `"auto"` (default): `sha256:<hex>` of the bytes — for a `file`, hashed streaming in the background: `null` until
   * `FakeGitHub.ready()` resolves; `null`: no digest (releases before June 2025); a string: that digest as given.
   */
  digest?: "auto" | null | string;
  serve?: FakeAssetServe;
};

export type FakeReleaseAsset = {
  id: number;
  releaseId: number;
  name: string;
  label: string | null;
  size: number;
  contentType: string;
  /** `starter` until an upload completes (and forever after an interrupted one, until deleted). */
  state: "uploaded" | "starter";
  digest: string | null;
  downloadCount: number;
  /** The bytes; null for a `starter` asset. */
  source: BlobSource | null;
  uploader: string;
  createdAt: string;
  updatedAt: string;
  serve?: FakeAssetServe;
};

export type FakeRelease = {
  id: number;
  repo: string;
  tagName: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  /** As given (branch name or sha); the tag, when created, points at what it resolved to. */
  targetCommitish: string;
  author: string;
  createdAt: string;
  /** null while a draft. */
  publishedAt: string | null;
  assets: FakeReleaseAsset[];
  /** GitHub's `make_latest` of the last create/update. */
  makeLatest: "true" | "false" | "legacy";
  /** Order in which releases were marked latest (0: never explicitly; `legacy` and seeded ones go by `createdAt`). */
  latestSeq: number;
};

/**
 * Every release, in creation order: an array (`filter`, `find`, `length`) that also answers like a Map keyed by id
 * (`size`, `get(id)`, `values()`), as tests read it either way.
 */
export class FakeReleaseList extends Array<FakeRelease> {
  get size(): number {
    return this.length;
  }
  get(id: number): FakeRelease | undefined {
    return this.find((r) => r.id === id);
  }
}
