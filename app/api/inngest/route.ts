import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Inngest's endpoint: used when an Inngest server is configured (see lib/env.ts `jobBackend`). */
export const { GET, POST, PUT } = serve({ client: inngest, functions });
