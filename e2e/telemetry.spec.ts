import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { isolatedApp, startApp } from "./support/app-server";
import { callOk, connectMcp } from "./support/mcp";

test("OTEL_ENABLED exports one span per tool call over OTLP/HTTP, named after the tool, with its status", async () => {
  test.setTimeout(120_000);
  // A local OTLP/HTTP receiver: records what the app POSTs to /v1/traces (protobuf bodies).
  const bodies: Buffer[] = [];
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.url === "/v1/traces") bodies.push(Buffer.concat(chunks));
      res.writeHead(200, { "content-type": "application/x-protobuf" }).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const { dataDir, env } = await isolatedApp("otel", { OTEL_ENABLED: "true", OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: "omniaudit-e2e" });
  const app = await startApp({ dataDir, env });
  try {
    const client = await connectMcp(app.baseUrl);
    await callOk(client, "core_health");
    await client.callTool({ name: "core_get_job", arguments: { job_id: "job_missing" } });
    await client.close();
    const all = () => Buffer.concat(bodies).toString("latin1");
    await expect.poll(() => all().includes("tool core_get_job"), { timeout: 30_000, intervals: [500] }).toBe(true);
    const text = all();
    expect(text).toContain("tool core_health");
    expect(text).toContain("omniaudit-e2e");
    expect(text).toContain("omniaudit.tool");
    expect(text).toContain("NOT_FOUND"); // the failed call's span carries its error code
  } finally {
    await app.stop();
    await new Promise<void>((r) => receiver.close(() => r()));
  }
});
