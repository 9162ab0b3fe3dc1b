"use server";

import { randomUUID } from "node:crypto";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { appendAuditLog } from "@/lib/audit/append-audit-log";
import { requireOperatorForAction, type Operator } from "@/lib/auth/require-operator";
import { canonicalHash } from "@/lib/crypto/hash";
import { getDb } from "@/lib/db/client";
import { AppError, isAppError } from "@/lib/errors";
import { createAuthProfile } from "@/lib/modules/sitelint/auth-profiles/create-auth-profile";
import { deleteAuthProfile } from "@/lib/modules/sitelint/auth-profiles/delete-auth-profile";
import { getLogger } from "@/lib/observability/logger";
import { payloadFromForm } from "./payload-from-form";

/** What the create form shows after submitting: never a secret (it is write-only). */
export type AuthProfileFormState = { status: "idle" } | { status: "created"; name: string } | { status: "error"; message: string };

const Meta = z.object({
  name: z.string().trim().min(1, "Name is required.").max(100, "Name: at most 100 characters."),
  origin: z.string().trim().min(1, "Origin is required.").max(2000),
  kind: z.enum(["cookies", "headers", "login"], { message: "Pick a kind." }),
});
const DeleteForm = z.object({ id: z.string().regex(/^authp_[0-9a-f]{28}$/) });

/** Audit row of a console change: who, what (name, origin, kind — never the secret), and how it ended. */
async function audit(operator: Operator, tool: string, inputs: Record<string, unknown>, started: number, errorCode: string | null): Promise<void> {
  await appendAuditLog(await getDb(), {
    requestId: randomUUID(),
    principal: operator.name,
    tool,
    module: "sitelint",
    inputsHash: canonicalHash(inputs),
    decision: errorCode ? "refused" : "allowed",
    status: errorCode ? "error" : "ok",
    durationMs: Math.round(performance.now() - started),
    errorCode,
  });
}

/**
 * Create an auth profile from the console form (kind-specific fields, see `payloadFromForm`). The secret is encrypted
 * and never shown again; the returned state names the profile or says why it was refused (our own validation
 * messages — never a submitted value, a database or a library message). Audited as `sitelint_auth_profile_create`.
 */
export async function createAuthProfileAction(_prev: AuthProfileFormState, form: FormData): Promise<AuthProfileFormState> {
  const operator = await requireOperatorForAction();
  const started = performance.now();
  const meta = Meta.safeParse({ name: form.get("name") ?? "", origin: form.get("origin") ?? "", kind: form.get("kind") ?? "" });
  if (!meta.success) return { status: "error", message: meta.error.issues.map((i) => i.message).join(" ") };
  const inputs = { name: meta.data.name, origin: meta.data.origin, kind: meta.data.kind };
  try {
    const payload = payloadFromForm(meta.data.kind, form);
    await createAuthProfile(await getDb(), { ...meta.data, payload, createdBy: operator.name });
  } catch (e) {
    if (isAppError(e) && (e.code === "VALIDATION_ERROR" || e.code === "CONFLICT")) {
      await audit(operator, "sitelint_auth_profile_create", inputs, started, e.code);
      return { status: "error", message: e.message };
    }
    getLogger().error({ err: e }, "creating an auth profile failed");
    return { status: "error", message: "The profile could not be stored (see the server log)." };
  }
  await audit(operator, "sitelint_auth_profile_create", inputs, started, null);
  revalidatePath("/settings/auth-profiles");
  return { status: "created", name: meta.data.name };
}

/**
 * Delete an auth profile and its encrypted secret. Audited as `sitelint_auth_profile_delete`.
 * @throws AppError `VALIDATION_ERROR` for a malformed id.
 */
export async function deleteAuthProfileAction(form: FormData): Promise<void> {
  const operator = await requireOperatorForAction();
  const started = performance.now();
  const parsed = DeleteForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) throw new AppError("VALIDATION_ERROR", "Malformed auth profile id.");
  const deleted = await deleteAuthProfile(await getDb(), parsed.data.id);
  await audit(operator, "sitelint_auth_profile_delete", { id: parsed.data.id, name: deleted?.name ?? null }, started, deleted ? null : "NOT_FOUND");
  revalidatePath("/settings/auth-profiles");
}
