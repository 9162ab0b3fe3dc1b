import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

/**
 * Connect the official MCP SDK client to the app's endpoint (`/mcp` by default). `headers` go on every request (e.g.
 * `{ authorization: "Bearer oa_…" }` for `MCP_AUTH_MODE=api_key`).
 */
export async function connectMcp(baseUrl: string, pathname = "/mcp", o: { headers?: Record<string, string> } = {}): Promise<Client> {
  const client = new Client({ name: "omniaudit-e2e", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(pathname, baseUrl), { requestInit: { headers: o.headers ?? {} } }));
  return client;
}

type CallResult = { structuredContent?: Record<string, unknown>; isError?: boolean; content?: unknown };

/** Call a tool and return its structured content. @throws when the result is an error. */
export async function callOk<T = Record<string, unknown>>(client: Client, name: string, args: Record<string, unknown> = {}): Promise<T> {
  const r = (await client.callTool({ name, arguments: args })) as CallResult;
  if (r.isError) throw new Error(`${name} failed: ${JSON.stringify(r.content)}`);
  return r.structuredContent as T;
}

/** Poll `core_get_job` until the job is final; returns the final JobRef. */
export async function waitForJob(client: Client, jobId: string, timeoutMs = 150_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await callOk(client, "core_get_job", { job_id: jobId });
    if (["succeeded", "failed", "cancelled"].includes(job.status as string)) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} not final after ${timeoutMs} ms: ${JSON.stringify(job)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
