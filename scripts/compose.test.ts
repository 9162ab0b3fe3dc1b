import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import Ajv from "ajv";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { getEnv, resetEnvForTests } from "@/lib/env";

/**
 * compose.yaml against the Compose Specification's JSON schema (the copy dclint ships, schemas/compose.schema.json, as
 * published by compose-spec/compose-spec), and its wiring: every variable given to the app is one lib/env.ts reads and
 * accepts, every depends_on target exists, the services point at each other by their names and ports.
 */
const root = path.resolve(import.meta.dirname, "..");
const compose = parse(fs.readFileSync(path.join(root, "compose.yaml"), "utf8")) as Compose;
type Service = {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  command?: string[];
  entrypoint?: string[];
  ports?: string[];
  volumes?: string[];
};
type Compose = { services: Record<string, Service>; volumes: Record<string, unknown> };
const app = compose.services.app!;

/** Compose interpolation with the defaults a fresh `docker compose up` uses (`:?` variables get `required`). */
function interpolate(value: string, given: Record<string, string> = {}): string {
  return value.replace(/\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g, (_, name: string, op?: string, arg?: string) => given[name] ?? (op === "-" ? arg! : op === "?" ? `required-${name.toLowerCase()}` : ""));
}

/** Variables lib/env.ts declares: the keys of its zod object (two-space indented `NAME:` lines). */
function envTsVariables(): Set<string> {
  const src = fs.readFileSync(path.join(root, "lib/env.ts"), "utf8");
  return new Set([...src.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!));
}

const appEnv = () => Object.fromEntries(Object.entries(app.environment ?? {}).map(([k, v]) => [k, interpolate(String(v))]));
const hostPort = (url: string) => new URL(url).host;

describe("compose.yaml", () => {
  it("is valid against the Compose Specification schema", () => {
    const schemaPath = path.join(path.dirname(createRequire(import.meta.url).resolve("dclint/package.json")), "schemas", "compose.schema.json");
    const { $schema: _draft, ...schema } = JSON.parse(fs.readFileSync(schemaPath, "utf8")) as Record<string, unknown>;
    expect(schema.title).toBe("Compose Specification");
    // Formats (duration, ports, …) are Compose's own and checked by Compose; the structure is what we validate.
    const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
    const ok = validate(compose);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
    // The schema is strict enough to matter: a misspelt key or a wrong depends_on condition is refused.
    expect(validate({ ...compose, services: { ...compose.services, db: { ...compose.services.db, helthcheck: {} } } })).toBe(false);
    expect(validate({ ...compose, services: { ...compose.services, app: { ...app, depends_on: { db: { condition: "healthy" } } } } })).toBe(false);
  });

  it("gives the app only variables lib/env.ts knows, with values it accepts", () => {
    const known = envTsVariables();
    expect(known.size).toBeGreaterThan(40);
    expect(Object.keys(app.environment ?? {}).filter((k) => !known.has(k))).toEqual([]);
    const saved = { ...process.env };
    try {
      for (const k of known) delete process.env[k];
      Object.assign(process.env, appEnv());
      resetEnvForTests();
      const env = getEnv();
      expect(env.jobBackend).toBe("inngest");
      expect(env.objectStoreBackend).toBe("s3");
      expect(env.s3).toMatchObject({ bucket: "omniaudit", endpoint: "http://s3:9000", forcePathStyle: true, credentials: { accessKeyId: "omniaudit" } });
      expect(env.DATABASE_URL).toMatch(/^postgres:\/\//);
    } finally {
      process.env = saved;
      resetEnvForTests();
    }
  });

  it("points the services at each other: depends_on targets, database, S3, Inngest and healthchecks", () => {
    const names = new Set(Object.keys(compose.services));
    for (const [name, s] of Object.entries(compose.services)) {
      for (const [dep, { condition }] of Object.entries(s.depends_on ?? {})) {
        expect(names.has(dep), `${name} depends on unknown ${dep}`).toBe(true);
        expect(["service_started", "service_healthy", "service_completed_successfully"]).toContain(condition);
        if (condition === "service_healthy") expect(compose.services[dep]!.healthcheck, `${dep} needs a healthcheck`).toBeDefined();
      }
    }
    const env = appEnv();
    expect(app.healthcheck!.test.join(" ")).toContain("/api/healthz");
    expect(app.depends_on).toMatchObject({ db: { condition: "service_healthy" }, "s3-init": { condition: "service_completed_successfully" } });

    const db = compose.services.db!.environment!;
    const dbUrl = new URL(env.DATABASE_URL!);
    expect([dbUrl.hostname, dbUrl.username, dbUrl.password, dbUrl.pathname]).toEqual(["db", db.POSTGRES_USER, db.POSTGRES_PASSWORD, `/${db.POSTGRES_DB}`]);

    expect(env).toMatchObject({ OBJECT_STORE_BACKEND: "s3", S3_FORCE_PATH_STYLE: "true" });
    expect(hostPort(env.S3_ENDPOINT_URL!)).toBe("s3:9000");
    const s3 = compose.services.s3!.environment!;
    expect([interpolate(s3.MINIO_ROOT_USER!), interpolate(s3.MINIO_ROOT_PASSWORD!)]).toEqual([env.S3_ACCESS_KEY_ID, env.S3_SECRET_ACCESS_KEY]);
    const init = compose.services["s3-init"]!;
    expect(interpolate(init.environment!.MC_HOST_s3!)).toBe(`http://${env.S3_ACCESS_KEY_ID}:${env.S3_SECRET_ACCESS_KEY}@s3:9000`);
    expect(init.command!.join(" ")).toContain(`mc mb --ignore-existing s3/${env.OBJECT_STORE_BUCKET}`);

    expect(hostPort(env.INNGEST_BASE_URL!)).toBe("inngest:8288");
    const inngest = compose.services.inngest!;
    expect(inngest.image).toMatch(/^inngest\/inngest:v\d+\.\d+\.\d+$/);
    const serveUrl = inngest.command![inngest.command!.indexOf("-u") + 1]!;
    expect(new URL(serveUrl).pathname).toBe("/api/inngest");
    // The dev server's Host header must pass the app's DNS-rebinding check.
    expect(env.ALLOWED_HOSTS!.split(",")).toContain(hostPort(serveUrl));
    expect(hostPort(serveUrl)).toBe(`app:${appEnv().PORT ?? "3000"}`);

    for (const s of Object.values(compose.services)) {
      for (const v of s.volumes ?? []) expect(Object.keys(compose.volumes)).toContain(v.split(":")[0]);
      for (const p of s.ports ?? []) expect(p, "publish on loopback only").toMatch(/^127\.0\.0\.1:/);
      if (s.image) expect(s.image, "images carry an explicit tag").toMatch(/:[^:]+$/);
    }
  });
});

afterAll(() => resetEnvForTests());
