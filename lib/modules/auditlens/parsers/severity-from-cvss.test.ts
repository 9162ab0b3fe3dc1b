import { describe, expect, it } from "vitest";
import { dependencySeverity, severityFromCvss, severityFromLevel } from "./severity-from-cvss";

describe("severityFromCvss", () => {
  it.each([
    [10, "critical"], [9, "critical"], [8.9, "high"], [7, "high"], [6.9, "medium"], [4, "medium"], [3.9, "low"], [0.1, "low"], ["7.5", "high"],
  ])("%s → %s", (score, want) => {
    expect(severityFromCvss(score)).toBe(want);
  });

  it.each([0, -1, 10.1, Number.NaN, "", "high", null, undefined])("%s → undefined", (score) => {
    expect(severityFromCvss(score)).toBeUndefined();
  });
});

describe("severityFromLevel", () => {
  it.each([
    ["CRITICAL", "critical"], ["High", "high"], ["moderate", "medium"], ["MEDIUM", "medium"], ["low", "low"], ["Negligible", "info"], ["info", "info"], ["none", "info"],
  ])("%s → %s", (level, want) => {
    expect(severityFromLevel(level)).toBe(want);
  });

  it.each(["UNKNOWN", "Unknown", "", "severe", 3, undefined])("%s → undefined (callers fall back to CVSS)", (level) => {
    expect(severityFromLevel(level)).toBeUndefined();
  });
});

describe("dependencySeverity", () => {
  it("prefers the tool's level, then the highest CVSS score, then low", () => {
    expect(dependencySeverity("low", [9.8])).toBe("low");
    expect(dependencySeverity("Unknown", [5.3, 9.1, undefined])).toBe("critical");
    expect(dependencySeverity(undefined, ["6.1"])).toBe("medium");
    expect(dependencySeverity("UNKNOWN")).toBe("low");
    expect(dependencySeverity(undefined, [0, 11])).toBe("low");
  });
});
