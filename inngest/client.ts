import { Inngest } from "inngest";
import { getEnv } from "@/lib/env";

const env = getEnv();

/**
 * The Inngest client. Used only when an Inngest server is configured (`INNGEST_EVENT_KEY`, `INNGEST_BASE_URL` or
 * `INNGEST_DEV`); otherwise jobs run in-process through `lib/jobs` with the same handlers.
 */
export const inngest = new Inngest({
  id: "omniaudit",
  eventKey: env.INNGEST_EVENT_KEY,
  baseUrl: env.INNGEST_BASE_URL,
  isDev: env.INNGEST_DEV ? env.INNGEST_DEV !== "0" && env.INNGEST_DEV !== "false" : undefined,
});
