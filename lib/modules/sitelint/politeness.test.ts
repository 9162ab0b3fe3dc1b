import { describe, expect, it } from "vitest";
import { createHostGate, parseRetryAfter } from "./politeness";

describe("parseRetryAfter (RFC 9110 §10.2.3)", () => {
  it("reads delay-seconds and HTTP-dates, and nothing else", () => {
    const now = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", now)).toBe(30_000);
    // A date in the past means "now".
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:00:00 GMT", now)).toBe(0);
    for (const bad of [undefined, null, "", "-5", "1.5", "soon", "12abc"]) expect(parseRetryAfter(bad, now), String(bad)).toBeUndefined();
  });
});

describe("createHostGate", () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it("keeps at most maxConcurrent tasks in flight per host, and hosts independent", async () => {
    const gate = createHostGate({ maxConcurrent: 2 });
    let active = 0;
    let peak = 0;
    const task = async () => {
      peak = Math.max(peak, ++active);
      await sleep(30);
      active--;
    };
    const other: number[] = [];
    await Promise.all([
      ...Array.from({ length: 6 }, () => gate.run("http://a.test/x", task)),
      gate.run("http://b.test/", async () => void other.push(active)),
    ]);
    expect(peak).toBe(2);
    // b.test did not wait for a.test's queue: it started while a.test tasks were in flight.
    expect(other[0]).toBeGreaterThan(0);
  });

  it("spaces task starts to one host by delayMs and honours pause()", async () => {
    const gate = createHostGate({ maxConcurrent: 4, delayMs: 100 });
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 3 }, () => gate.run("http://a.test/", async () => void starts.push(Date.now()))));
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(95);
    expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(95);

    const paused = createHostGate({ maxConcurrent: 1 });
    const t0 = Date.now();
    paused.pause("http://a.test/", 300);
    await paused.run("http://a.test/other", async () => undefined);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(295);
    // A pause never shortens an earlier one, and another host is not paused.
    const t1 = Date.now();
    await paused.run("http://b.test/", async () => undefined);
    expect(Date.now() - t1).toBeLessThan(100);
  });

  it("runPaced spaces the ready() calls, not the starts: set-up time before the request cannot shorten the gap", async () => {
    const gate = createHostGate({ maxConcurrent: 1, delayMs: 200 });
    const sent: number[] = [];
    // The first task's set-up takes 150 ms before its request; the second has none. Spacing the starts would put the
    // two requests only ≈ 50 ms apart.
    const task = (setupMs: number) => gate.runPaced("http://a.test/", async (ready) => {
      await new Promise((r) => setTimeout(r, setupMs));
      await ready();
      sent.push(Date.now());
    });
    await Promise.all([task(150), task(0)]);
    expect(sent[1]! - sent[0]!).toBeGreaterThanOrEqual(195);
    // A task that never calls ready() spaces nothing; the concurrency slot still held it.
    const t0 = Date.now();
    await gate.runPaced("http://b.test/", async () => undefined);
    await gate.runPaced("http://b.test/", async (ready) => ready());
    expect(Date.now() - t0).toBeLessThan(100);
    // Pauses hold ready() too.
    gate.pause("http://c.test/", 250);
    const t1 = Date.now();
    await gate.runPaced("http://c.test/", async (ready) => ready());
    expect(Date.now() - t1).toBeGreaterThanOrEqual(245);
  });

  it("frees the slot when a task throws", async () => {
    const gate = createHostGate({ maxConcurrent: 1 });
    await expect(gate.run("http://a.test/", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(gate.run("http://a.test/", async () => "next")).resolves.toBe("next");
  });
});
