import type { S3ClientConfig } from "@aws-sdk/client-s3";
import type { S3Settings } from "@/lib/env";

/** Seconds without a TCP connection / without socket activity before an S3 request attempt fails (and is retried). */
const CONNECT_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 60_000;

/**
 * The AWS SDK v3 client configuration for our S3 settings:
 * - `S3_CHECKSUMS` → `requestChecksumCalculation` / `responseChecksumValidation` (`WHEN_REQUIRED` | `WHEN_SUPPORTED`).
 *   Since SDK 3.729 the default (`WHEN_SUPPORTED`) adds CRC32 checksums, sent as aws-chunked trailers on streamed
 *   bodies, which several S3-compatible servers (Ceph RGW before Squid, older MinIO, some appliances) reject;
 * - `S3_MAX_ATTEMPTS` → `maxAttempts` with the `standard` retry strategy (exponential backoff with jitter; retries
 *   5xx, `SlowDown`/throttling and connection resets / timeouts);
 * - endpoint, path-style addressing, region; static keys, else the SDK's default credential chain.
 */
export function s3ClientConfig(s: S3Settings): S3ClientConfig {
  const checksums = s.checksums === "when_supported" ? "WHEN_SUPPORTED" : "WHEN_REQUIRED";
  return {
    region: s.region,
    ...(s.endpoint ? { endpoint: s.endpoint } : {}),
    forcePathStyle: s.forcePathStyle,
    ...(s.credentials ? { credentials: s.credentials } : {}),
    requestChecksumCalculation: checksums,
    responseChecksumValidation: checksums,
    maxAttempts: s.maxAttempts,
    retryMode: "standard",
    requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: SOCKET_TIMEOUT_MS },
  };
}
