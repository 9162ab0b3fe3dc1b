import { z } from "zod";
import { defineTool } from "@/lib/runtime/define-tool";
import { AUTH_PROFILE_KINDS } from "../auth-profiles/payload";
import { listAuthProfiles as listProfiles } from "../auth-profiles/queries";

const MAX_PROFILES = 200;

export const listAuthProfiles = defineTool({
  name: "sitelint_list_auth_profiles",
  title: "List auth profiles",
  description:
    "Stored auth profiles for auditing logged-in pages: id, name, origin, kind, created_at; never secrets. Pass an id as sitelint_start_scan's auth_profile_id for a URL on its origin.",
  risk: "read",
  openWorld: false,
  idempotent: true,
  input: z.object({ origin: z.string().max(2000).optional().describe("Only this origin's profiles") }).strict(),
  output: z.object({
    profiles: z.array(
      z.object({
        auth_profile_id: z.string(),
        name: z.string(),
        origin: z.string(),
        kind: z.enum(AUTH_PROFILE_KINDS),
        created_at: z.string().describe("ISO-8601"),
      }),
    ),
  }),
  handler: async ({ origin }, { db }) => {
    let wanted: string | undefined;
    if (origin) {
      try {
        wanted = new URL(origin).origin;
      } catch {
        wanted = origin;
      }
    }
    const rows = await listProfiles(db, { origin: wanted, limit: MAX_PROFILES });
    return {
      profiles: rows.map((r) => ({ auth_profile_id: r.id, name: r.name, origin: r.origin, kind: r.kind, created_at: r.createdAt.toISOString() })),
    };
  },
});
