import { describe, expect, it } from "vitest";
import { within } from "./within";

describe("within", () => {
  it("settles like the promise when it is first", async () => {
    await expect(within(Promise.resolve(7), 1_000)).resolves.toBe(7);
    await expect(within(Promise.reject(new Error("own")), 1_000)).rejects.toThrow("own");
  });
  it("rejects with the given error once the time limit passes first", async () => {
    const never = new Promise<never>(() => {});
    await expect(within(never, 20)).rejects.toThrow("timed out after 20 ms");
    await expect(within(never, 20, () => new RangeError("too slow"))).rejects.toBeInstanceOf(RangeError);
  });
});
