import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { runTool } from "@/lib/runtime/run-tool";
import { findTool } from "@/lib/tools/registry";
import { createAuthProfile } from "../auth-profiles/create-auth-profile";

describe("sitelint_list_auth_profiles", () => {
  it("lists id, name, origin, kind and created_at — never a secret — optionally for one origin", async () => {
    const db = await getDb();
    const a = await createAuthProfile(db, { name: "staging header", origin: "https://staging.example.com", payload: { kind: "headers", headers: { Authorization: "Bearer tool_secret_0001" } }, createdBy: "admin" });
    const b = await createAuthProfile(db, {
      name: "shop login",
      origin: "https://shop.example.com",
      payload: { kind: "login", login_url: "/login", steps: [{ action: "fill", selector: "#pw", value: "{{password}}" }], success: { url_contains: "/account" }, secrets: { password: "tool_secret_0002" } },
      createdBy: "admin",
    });
    const tool = findTool("sitelint_list_auth_profiles")!;
    expect(tool.risk).toBe("read");
    const all = await runTool({ tool, args: {}, principal: "t", requestId: "r1" });
    expect(all.isError, JSON.stringify(all)).toBeUndefined();
    expect(all.structuredContent).toEqual({
      profiles: [
        { auth_profile_id: b.id, name: "shop login", origin: "https://shop.example.com", kind: "login", created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
        { auth_profile_id: a.id, name: "staging header", origin: "https://staging.example.com", kind: "headers", created_at: expect.any(String) },
      ],
    });
    expect(JSON.stringify(all)).not.toMatch(/tool_secret_000/);
    const one = await runTool({ tool, args: { origin: "https://staging.example.com/some/page" }, principal: "t", requestId: "r2" });
    expect((one.structuredContent as { profiles: { name: string }[] }).profiles.map((p) => p.name)).toEqual(["staging header"]);
    const bad = await runTool({ tool, args: { secret: true }, principal: "t", requestId: "r3" });
    expect(bad.isError).toBe(true);
  });
});
