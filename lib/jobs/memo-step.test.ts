import { describe, expect, it } from "vitest";
import { jobs } from "@/drizzle/schema";
import { getDb } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { createMemoStep } from "./memo-step";

async function newJob() {
  const db = await getDb();
  const id = newId("job");
  await db.insert(jobs).values({ id, module: "core", functionId: "core/test", input: {}, backend: "in-process" });
  return { db, id };
}

describe("in-process step runner", () => {
  it("memoizes completed steps: a resumed run replays results instead of re-running them", async () => {
    const { db, id } = await newJob();
    let calls = 0;
    const work = async () => ({ n: ++calls, at: new Date(0) });
    const first = createMemoStep(db, id);
    const a = await first.run("a", work);
    expect(a).toEqual({ n: 1, at: "1970-01-01T00:00:00.000Z" }); // JSON round-trip on first run too
    // A "restart": a new runner for the same job.
    const second = createMemoStep(db, id);
    expect(await second.run("a", work)).toEqual(a);
    expect(calls).toBe(1);
    expect(await second.run("b", work)).toEqual({ n: 2, at: "1970-01-01T00:00:00.000Z" });
  });

  it("does not memoize a failed step, and refuses duplicate step ids", async () => {
    const { db, id } = await newJob();
    const s = createMemoStep(db, id);
    await expect(s.run("x", async () => { throw new Error("boom"); })).rejects.toThrow("boom");
    const again = createMemoStep(db, id);
    expect(await again.run("x", async () => 7)).toBe(7);
    await expect(again.run("x", async () => 8)).rejects.toThrow(/used twice/);
  });
});
