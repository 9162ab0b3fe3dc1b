import { z } from "zod";

/** The structured result of a gated call made without a token (not an error). */
export const ConfirmationRequired = z.object({
  status: z.literal("confirmation_required"),
  confirmation_id: z.string(),
  confirmation_token: z.string().describe("Pass back as confirmation_token, with the same arguments, to execute once"),
  expires_at: z.string().describe("ISO-8601"),
  approval: z.enum(["operator", "token", "elicitation"]).describe("operator: a signed-in operator must approve at approve_url first; elicitation: the user approves in the chat"),
  approve_url: z.string(),
  summary: z.string().describe("What will happen, in plain words"),
});
export type ConfirmationRequired = z.infer<typeof ConfirmationRequired>;
