import { addCommit, addMergedPullRequest, addRelease, addReleaseAsset, addTag, setFile } from "./seed-releases";
import type { FakeAssetInput, FakeState } from "./state";
import type { UploadServer } from "./upload-server";

/** The Release Butler part of `FakeGitHub`: git history, merged pull requests, files, releases and the uploads host. */
export type FakeReleaseApi = {
  /** `http://127.0.0.1:<port3>` — the uploads host (uploads.github.com stand-in): every release's `upload_url` points here. */
  uploadOrigin: string;
  /** Every upload request: method, path (with query), credential, bytes received (of the body, so far). */
  uploadRequests: { method: string; path: string; token: string | null; bytes: number }[];
  /**
   * Add a commit on `branch` (default: the repo's default branch); its parent is the branch's previous head (a new
   * branch forks from the default branch's head) unless `parents` is given. `author` is a login; `authorType: "Bot"`
   * for bots like `dependabot[bot]` (also inferred from the `[bot]` suffix). @returns the 40-hex sha.
   */
  addCommit(o: { repo: string; branch?: string; message: string; author: string; authorType?: "User" | "Bot"; dateMs?: number; files?: string[]; parents?: string[] }): string;
  /** A lightweight tag `refs/tags/<tag>` at `sha` (usable as compare base/head and as a release's tag). */
  addTag(o: { repo: string; tag: string; sha: string }): void;
  /**
   * A merged pull request. `mergeCommitSha` is the commit that landed on the base branch; `commitShas` the PR's own
   * commits — `GET …/commits/{sha}/pulls` answers this PR for either. `files` for `GET …/pulls/{n}/files`.
   */
  addMergedPullRequest(o: { repo: string; number: number; title: string; author: string; authorType?: "User" | "Bot"; labels?: string[]; body?: string; mergedAtMs?: number; mergeCommitSha: string; commitShas?: string[]; baseRef?: string; headRef?: string; files?: string[] }): void;
  /** A file at the default branch for the contents API (e.g. `.github/release.yml`); every `ref` sees it. */
  setFile(o: { repo: string; path: string; content: string }): void;
  /**
   * Add a release; a published one creates its missing tag at `targetCommitish`'s head (a draft creates none, as on
   * GitHub). Name defaults to the tag, author to `mona`. File-backed assets with `digest: "auto"` have `digest: null`
   * until `ready()` resolves. @returns the release id and its asset ids.
   */
  addRelease(o: { repo: string; tag: string; name?: string | null; body?: string | null; draft?: boolean; prerelease?: boolean; targetCommitish?: string; createdAtMs?: number; author?: string; assets?: FakeAssetInput[] }): { id: number; assetIds: number[] };
  /** Add an (uploaded) asset to an existing release. @returns its id. */
  addReleaseAsset(o: { repo: string; releaseId: number } & FakeAssetInput): number;
  /**
   * The next `times` (default 1) uploads (of `name`, when given) read `afterBytes` bytes, then the server destroys
   * the socket, leaving the asset `state: "starter"` (listed so; a new upload of that name answers 422
   * `already_exists` until it is deleted).
   */
  failNextUpload(o: { afterBytes: number; times?: number; name?: string }): void;
  /** Resolves once every file-backed asset's digest is computed (await it after `addRelease`/`addReleaseAsset`). */
  ready(): Promise<void>;
};

/** The `FakeReleaseApi` methods over `state` and the upload server. */
export function releaseApi(state: FakeState, uploads: UploadServer): FakeReleaseApi {
  const pending = new Set<Promise<void>>();
  const track = (p: Promise<void>) => {
    const settled = p.catch((e: unknown) => console.error("[fake-github] hashing an asset failed", e)).finally(() => pending.delete(settled));
    pending.add(settled);
  };
  return {
    uploadOrigin: uploads.origin,
    uploadRequests: uploads.requests,
    addCommit: (o) => addCommit(state, o),
    addTag: (o) => addTag(state, o),
    addMergedPullRequest: (o) => addMergedPullRequest(state, o),
    setFile: (o) => setFile(state, o),
    addRelease: (o) => addRelease(state, o, track),
    addReleaseAsset: (o) => addReleaseAsset(state, o, track),
    failNextUpload(o) {
      uploads.failures.push({ afterBytes: o.afterBytes, left: o.times ?? 1, name: o.name });
    },
    async ready() {
      while (pending.size) await Promise.all([...pending]);
    },
  };
}
