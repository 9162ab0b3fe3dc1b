"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createApiKey } from "@/lib/auth/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/auth/api-keys/revoke-api-key";
import { requireOperatorForAction } from "@/lib/auth/require-operator";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { setWritesDisabled } from "@/lib/runtime/policy/kill-switch";

/** What the create-key form shows: nothing yet, the new key (once), or why it was refused. */
export type CreateApiKeyState = { status: "idle" } | { status: "created"; id: string; name: string; key: string } | { status: "error"; message: string };

const CreateKeyForm = z.object({
  name: z.string().trim().min(1, "Name is required.").max(100),
  // The owner becomes the MCP principal: keep it to characters that read well in logs and receipts.
  owner: z
    .string()
    .trim()
    .min(1, "Owner is required.")
    .max(100)
    .regex(/^[A-Za-z0-9._@:+-]+$/, "Owner: letters, digits and . _ @ : + - only."),
  scope: z.enum(["mcp", "operator"]),
});
const RevokeForm = z.object({ id: z.string().regex(/^key_[0-9a-f]{28}$/) });
const WritesForm = z.object({ disabled: z.enum(["true", "false"]), reason: z.string().trim().max(500).optional() });

/** Create an API key; the key is in the returned state only (shown once, never stored in clear). */
export async function createApiKeyAction(_prev: CreateApiKeyState, form: FormData): Promise<CreateApiKeyState> {
  const operator = await requireOperatorForAction();
  const parsed = CreateKeyForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { status: "error", message: parsed.error.issues.map((i) => i.message).join(" ") };
  const { id, key } = await createApiKey(await getDb(), { ...parsed.data, createdBy: operator.name });
  revalidatePath("/settings");
  return { status: "created", id, name: parsed.data.name, key };
}

/**
 * Revoke an API key (effective on its next request).
 * @throws AppError `VALIDATION_ERROR` for a malformed id.
 */
export async function revokeApiKeyAction(form: FormData): Promise<void> {
  await requireOperatorForAction();
  const parsed = RevokeForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) throw new AppError("VALIDATION_ERROR", "Malformed API key id.");
  await revokeApiKey(await getDb(), parsed.data.id);
  revalidatePath("/settings");
}

/**
 * Flip the "writes disabled" kill switch, recording the operator and the reason.
 * @throws AppError `VALIDATION_ERROR` for a malformed form.
 */
export async function setWritesDisabledAction(form: FormData): Promise<void> {
  const operator = await requireOperatorForAction();
  const parsed = WritesForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) throw new AppError("VALIDATION_ERROR", "Malformed kill-switch form.");
  await setWritesDisabled(await getDb(), { disabled: parsed.data.disabled === "true", reason: parsed.data.reason || undefined, by: operator.name });
  revalidatePath("/settings");
}
