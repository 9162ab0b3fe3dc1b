import { describe, expect, it } from "vitest";
import { getEnv, resetEnvForTests } from "@/lib/env";
import { isObjectRef, objectRefSchema, parseObjectRef, refHex, S3_BUCKET_RE, s3ObjectRef } from "./object-ref";
import { objectUrl } from "./object-url";
import { refFromUrlPath } from "./ref-from-url-path";

const H = "ab".repeat(32);

describe("object refs: both forms, strictly", () => {
  it("parses local and s3 refs (prefix optional, several segments)", () => {
    expect(parseObjectRef(`sha256/${H}`)).toEqual({ kind: "local", hex: H });
    expect(parseObjectRef(`s3://evidence/sha256/${H}`)).toEqual({ kind: "s3", bucket: "evidence", prefix: "", hex: H });
    expect(parseObjectRef(`s3://my.bucket-1/omniaudit/prod/sha256/${H}`)).toEqual({ kind: "s3", bucket: "my.bucket-1", prefix: "omniaudit/prod", hex: H });
    expect(parseObjectRef(`s3://b12/sha256/sha256/${H}`)).toEqual({ kind: "s3", bucket: "b12", prefix: "sha256", hex: H });
    expect(s3ObjectRef("evidence", "a/b", H)).toBe(`s3://evidence/a/b/sha256/${H}`);
    expect(s3ObjectRef("evidence", "", H)).toBe(`s3://evidence/sha256/${H}`);
    expect(refHex(`s3://evidence/a/sha256/${H}`)).toBe(H);
  });

  it("refuses traversal, bad bucket names, empty or dotted segments, uppercase hex and anything extra", () => {
    for (const bad of [
      "../../etc/passwd", `sha256/${H.toUpperCase()}`, `sha256/${H}/`, `/sha256/${H}`, `sha256/${H.slice(1)}`, `s3://ev/sha256/${H}`,
      `s3://Evidence/sha256/${H}`, `s3://1.2.3.4/sha256/${H}`, `s3://a..b/sha256/${H}`, `s3://-ab/sha256/${H}`, `s3://evidence//sha256/${H}`,
      `s3://evidence/../sha256/${H}`, `s3://evidence/./sha256/${H}`, `s3://evidence/.hidden/sha256/${H}`, `s3://evidence/a b/sha256/${H}`,
      `s3:/evidence/sha256/${H}`, `S3://evidence/sha256/${H}`, `s3://evidence/a/sha256/${H}?x=1`, `s3://evidence/a\n/sha256/${H}`,
      `s3://evidence/${"p/".repeat(9)}sha256/${H}`, `file:///sha256/${H}`, "",
    ]) {
      expect(isObjectRef(bad), bad).toBe(false);
      expect(objectRefSchema.safeParse(bad).success, bad).toBe(false);
    }
    expect(objectRefSchema.parse(`s3://evidence/a/sha256/${H}`)).toBe(`s3://evidence/a/sha256/${H}`);
  });

  it("lib/env.ts accepts exactly the bucket names refs accept", () => {
    for (const name of ["evidence", "my.bucket-1", "abc", "a".repeat(63), "ab", "a".repeat(64), "Evidence", "1.2.3.4", "a..b", "-ab", "ab-", "a_b"]) {
      process.env.OBJECT_STORE_BACKEND = "s3";
      process.env.OBJECT_STORE_BUCKET = name;
      resetEnvForTests();
      let envOk = true;
      try {
        getEnv();
      } catch {
        envOk = false;
      }
      expect(envOk, name).toBe(S3_BUCKET_RE.test(name));
      if (envOk) expect(isObjectRef(s3ObjectRef(name, "", H)), name).toBe(true);
    }
    delete process.env.OBJECT_STORE_BACKEND;
    delete process.env.OBJECT_STORE_BUCKET;
    resetEnvForTests();
  });
});

describe("object URLs: /api/objects/<ref> for both forms", () => {
  it("builds a plain path for each form and parses it back, also from the percent-encoded ref", () => {
    const local = `sha256/${H}`;
    const s3 = `s3://evidence/omniaudit/prod/sha256/${H}`;
    expect(objectUrl(local)).toBe(`/api/objects/sha256/${H}`);
    expect(objectUrl(s3)).toBe(`/api/objects/s3/evidence/omniaudit/prod/sha256/${H}`);
    for (const ref of [local, s3]) {
      const segments = objectUrl(ref).slice("/api/objects/".length).split("/");
      expect(refFromUrlPath(segments)).toBe(ref);
      expect(refFromUrlPath([decodeURIComponent(encodeURIComponent(ref))])).toBe(ref);
      // What a URL parser makes of the link: no percent-encoding needed, nothing folded.
      expect(new URL(objectUrl(ref), "http://x").pathname).toBe(objectUrl(ref));
    }
    expect(isObjectRef(refFromUrlPath(["s3", "evidence", "..", "sha256", H]))).toBe(false);
  });
});
