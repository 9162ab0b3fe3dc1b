import dgram from "node:dgram";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * An SSRF canary: one port listening on 127.0.0.1 and [::1] (TCP, HTTP + WebSocket upgrades) and on UDP (STUN), that
 * counts every connection and datagram and records the path of every HTTP request. A refused address in a test's URL
 * policy points here; any count above zero means something connected that must not have.
 */
export type Canary = {
  port: number;
  /** `http://127.0.0.1:<port>` */
  v4: string;
  /** `http://[::1]:<port>` */
  v6: string;
  /** TCP connections accepted, on either address. */
  connections(): number;
  /** UDP datagrams received (WebRTC STUN/TURN probes). */
  datagrams(): number;
  /** Paths of HTTP requests and WebSocket upgrades received, in arrival order. */
  paths(): string[];
  reset(): void;
  close(): Promise<void>;
};

async function listen(server: http.Server, host: string, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/** Start a canary on a free port (the same port number on 127.0.0.1, [::1] and UDP 127.0.0.1). */
export async function startCanary(): Promise<Canary> {
  let connections = 0;
  let datagrams = 0;
  const paths: string[] = [];
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    paths.push(req.url ?? "");
    const isSse = (req.headers.accept ?? "").includes("text/event-stream");
    res.writeHead(200, { "content-type": isSse ? "text/event-stream" : "text/plain", "access-control-allow-origin": "*" });
    res.end(isSse ? "data: canary\n\n" : "canary");
  };
  const make = () => {
    const s = http.createServer(handler);
    s.on("connection", () => connections++);
    s.on("upgrade", (req, socket) => {
      paths.push(req.url ?? "");
      socket.destroy();
    });
    // Raw TCP that is not HTTP (TURN over TCP) still counts as a connection; answer nothing.
    s.on("clientError", (_e, socket) => socket.destroy());
    return s;
  };
  const v4 = make();
  const v6 = make();
  const port = await listen(v4, "127.0.0.1", 0);
  await listen(v6, "::1", port);
  const udp = dgram.createSocket("udp4");
  udp.on("message", () => datagrams++);
  await new Promise<void>((resolve, reject) => {
    udp.once("error", reject);
    udp.bind(port, "127.0.0.1", () => resolve());
  });
  return {
    port,
    v4: `http://127.0.0.1:${port}`,
    v6: `http://[::1]:${port}`,
    connections: () => connections,
    datagrams: () => datagrams,
    paths: () => [...paths],
    reset: () => {
      connections = 0;
      datagrams = 0;
      paths.length = 0;
    },
    close: async () => {
      for (const s of [v4, v6]) {
        s.closeAllConnections();
        await new Promise<void>((r) => s.close(() => r()));
      }
      await new Promise<void>((r) => udp.close(() => r()));
    },
  };
}
