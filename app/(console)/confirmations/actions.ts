"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireOperatorForAction } from "@/lib/auth/require-operator";
import { getDb } from "@/lib/db/client";
import { decideConfirmation } from "@/lib/runtime/confirmations/decide-confirmation";

const Form = z.object({ id: z.string().regex(/^conf_[0-9a-f]{28}$/), decision: z.enum(["approve", "deny"]) });

/** Approve or deny a pending confirmation from the console inbox; records the signed-in operator. */
export async function decideConfirmationAction(formData: FormData): Promise<void> {
  const operator = await requireOperatorForAction();
  const { id, decision } = Form.parse({ id: formData.get("id"), decision: formData.get("decision") });
  await decideConfirmation(await getDb(), { id, decision, operator: operator.name });
  revalidatePath("/confirmations");
  revalidatePath(`/confirmations/${id}`);
}
