import type http from "node:http";
import type { AddressInfo } from "node:net";

export type Listening = { origin: string; close(): Promise<void> };

/**
 * Listen on 127.0.0.1, a free port, with a real backlog; keep-alive connections live 30 s (GitHub's front ends keep
 * them too). `close()` ends every connection, idle or not, then the server.
 */
export async function listen(server: http.Server): Promise<Listening> {
  server.keepAliveTimeout = 30_000;
  server.headersTimeout = 35_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: 0, backlog: 511 }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
