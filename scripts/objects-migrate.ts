// `npm run objects:migrate [-- --dry-run]`: copy the local object store ($OBJECT_STORE_DIR, default .data/objects) to
// the configured S3 bucket, verifying each object's SHA-256; resumable (objects already in S3 are skipped) and printing
// progress. Needs the S3 settings of docs/object-storage.md (OBJECT_STORE_BACKEND=s3, OBJECT_STORE_BUCKET, S3_*).
import path from "node:path";
import { getEnv } from "@/lib/env";
import { migrateLocalObjects } from "@/lib/object-store/migrate-local-objects";
import { createS3ObjectStore } from "@/lib/object-store/s3";

const MiB = 1024 * 1024;
const dryRun = process.argv.includes("--dry-run");
const env = getEnv();
if (!env.s3) {
  console.error("objects:migrate copies local objects to S3: set OBJECT_STORE_BACKEND=s3 and OBJECT_STORE_BUCKET (and S3_* as needed; see docs/object-storage.md).");
  process.exit(2);
}
const target = createS3ObjectStore({ ...env.s3, tmpDir: path.join(env.dataDir, "tmp") });
const where = `s3://${env.s3.bucket}/${env.s3.prefix ? `${env.s3.prefix}/` : ""}`;
console.log(`${dryRun ? "[dry run] " : ""}copying ${env.objectStoreDir} → ${where}`);
const summary = await migrateLocalObjects({
  localRoot: env.objectStoreDir,
  target,
  dryRun,
  onProgress: (s) => {
    const width = String(s.total).length;
    const line = `[${String(s.index).padStart(width)}/${s.total}] ${s.outcome.padEnd(10)} ${s.ref.slice(0, 23)}…  ${(s.size / MiB).toFixed(2)} MiB`;
    (s.outcome === "failed" ? console.error : console.log)(s.error ? `${line}  ${s.error}` : line);
  },
});
const rate = summary.seconds > 0 ? (summary.bytesCopied / MiB / summary.seconds).toFixed(1) : "—";
console.log(
  `${summary.total} object(s): ${summary.copied} copied (${(summary.bytesCopied / MiB).toFixed(1)} MiB, ${rate} MiB/s), ${summary.present} already in S3, ${summary.failed} failed, in ${summary.seconds.toFixed(1)} s`,
);
process.exit(summary.failed > 0 ? 1 : 0);
