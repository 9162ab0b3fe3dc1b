// Test support, not part of the server: run as a child process by lib/audit/create-audit-writer.test.ts (tsx with the
// react-server condition). Appends `count` audit entries through the process-wide group-commit writer with `concurrency`
// of them in flight at a time — like a server answering that many calls — and prints `ok <request_id> <seq>` on
// stdout once each append has resolved (that is, once the row is committed: the "answer"), then `done`. The database
// is the process's own (DATABASE_URL, else PGlite in DATA_DIR), as for the server.
//   tsx --conditions=react-server lib/audit/append-burst-child.ts <tag> <count> <concurrency>
import { z } from "zod";
import { closeDb, getDb } from "@/lib/db/client";
import { appendAuditLog } from "./append-audit-log";

const [tag, count, concurrency] = z.tuple([z.string().regex(/^[a-z0-9-]+$/), z.coerce.number().int().min(1), z.coerce.number().int().min(1)]).parse(process.argv.slice(2));

const db = await getDb();
let next = 0;
async function lane(): Promise<void> {
  while (next < count) {
    const requestId = `${tag}-${next++}`;
    const { seq } = await appendAuditLog(db, { requestId, principal: "burst", tool: "core_health", module: "core", inputsHash: "0".repeat(64), decision: "allowed", status: "ok", durationMs: 0 });
    process.stdout.write(`ok ${requestId} ${seq}\n`);
  }
}
await Promise.all(Array.from({ length: concurrency }, lane));
process.stdout.write("done\n");
await closeDb();
