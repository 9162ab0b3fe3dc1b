import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A hostile site for SSRF tests: every page and resource tries to make the crawler connect to the canary (`target`,
 * e.g. `http://127.0.0.1:<port>`) — directly, through same-origin redirects (Playwright only routes the first request
 * of a chain), through a 5-hop redirect chain, over WebSockets, WebRTC, workers, beacons, forms, popups and meta
 * refresh. Each vector asks for `/v/<name>` on the canary, so a run where the canary is reachable shows which vectors
 * fired. `VECTORS` lists the names a normal (unguarded) crawl reliably triggers.
 */
export type SsrfSite = { origin: string; url(path: string): string; close(): Promise<void> };

/** Vectors that reach the canary when nothing stops them (checked by the control run of the canary test). */
export const VECTORS = [
  "robots", "main", "main-chain", "css-link", "css-import", "css-url", "font", "script", "img", "img-direct", "img-v6", "srcset", "chain",
  "video", "audio", "iframe", "meta-refresh", "form", "js-nav", "object", "embed", "svg-image", "fetch", "fetch-direct", "xhr", "sse", "beacon",
  "ws", "ws6", "window-open", "worker", "link", "link-chain",
] as const;

/** Start the site on 127.0.0.1 (random port), aiming every vector at `target` (the canary's v4 origin). */
export async function startSsrfSite(o: { target: string; targetV6: string }): Promise<SsrfSite> {
  const t = o.target;
  const hostPort = new URL(t).host;
  const port = new URL(t).port;
  const r = (name: string) => `/r?to=${encodeURIComponent(`${t}/v/${name}`)}`;
  const chain = (name: string) => `/hop/5?to=${encodeURIComponent(`${t}/v/${name}`)}`;
  const html = (title: string, body: string, head = "") =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${head}</head><body><main><h1>${title}</h1>${body}</main></body></html>`;

  const pages: Record<string, { type: string; body: string }> = {
    "/": {
      type: "text/html",
      body: html(
        "SSRF vectors",
        `<img src="${r("img")}" alt="">
<img src="${t}/v/img-direct" alt="">
<img src="${o.targetV6}/v/img-v6" alt="">
<img srcset="${r("srcset")} 1x" alt="">
<img src="${chain("chain")}" alt="">
<video src="${r("video")}" preload="auto" muted></video>
<audio src="${r("audio")}" preload="auto"></audio>
<iframe src="${r("iframe")}" title="redirected frame"></iframe>
<iframe src="/meta-refresh.html" title="meta refresh"></iframe>
<iframe src="/form.html" title="form"></iframe>
<iframe src="/js-nav.html" title="js navigation"></iframe>
<object data="${r("object")}" type="text/plain" aria-label="object"></object>
<embed src="${r("embed")}" type="text/plain">
<svg width="1" height="1" aria-hidden="true"><image href="${r("svg-image")}" width="1" height="1"/></svg>
<p><a href="${r("link")}">redirecting link</a> <a href="${chain("link-chain")}">chained link</a></p>
<script>
fetch(${JSON.stringify(r("fetch"))}).catch(() => {});
fetch(${JSON.stringify(`${t}/v/fetch-direct`)}, { mode: "no-cors" }).catch(() => {});
const x = new XMLHttpRequest(); x.open("GET", ${JSON.stringify(r("xhr"))}); x.send();
try { new EventSource(${JSON.stringify(r("sse"))}); } catch (e) {}
try { navigator.sendBeacon(${JSON.stringify(r("beacon"))}, "x"); } catch (e) {}
try { new WebSocket("ws://${hostPort}/v/ws"); } catch (e) {}
try { new WebSocket("ws://[::1]:${port}/v/ws6"); } catch (e) {}
try { new WebSocket("wss://${hostPort}/v/wss"); } catch (e) {}
try { window.open(${JSON.stringify(`${t}/v/window-open`)}); } catch (e) {}
try { new Worker("/worker.js"); } catch (e) {}
try { navigator.serviceWorker && navigator.serviceWorker.register("/sw.js").catch(() => {}); } catch (e) {}
try {
  const pc = new RTCPeerConnection({ iceServers: [{ urls: "stun:${hostPort}" }, { urls: "turn:${hostPort}?transport=tcp", username: "u", credential: "p" }] });
  pc.createDataChannel("x");
  pc.createOffer().then((offer) => pc.setLocalDescription(offer)).catch(() => {});
} catch (e) {}
</script>`,
        `<link rel="stylesheet" href="${r("css-link")}"><link rel="stylesheet" href="/style.css"><link rel="icon" href="${r("favicon")}">
<link rel="preconnect" href="${t}"><link rel="dns-prefetch" href="${t}"><link rel="prefetch" href="${r("prefetch")}">
<script src="${r("script")}"></script>`,
      ),
    },
    "/style.css": {
      type: "text/css",
      body: `@import url("${r("css-import")}");
@font-face { font-family: canary; src: url("${r("font")}"); }
body { background: url("${r("css-url")}"); font-family: canary, sans-serif; }`,
    },
    "/meta-refresh.html": { type: "text/html", body: html("meta", "", `<meta http-equiv="refresh" content="0;url=${t}/v/meta-refresh">`) },
    "/form.html": { type: "text/html", body: html("form", `<form id="f" method="post" action="/r307?to=${encodeURIComponent(`${t}/v/form`)}"><input name="a" value="1"></form><script>document.getElementById("f").submit();</script>`) },
    "/js-nav.html": { type: "text/html", body: html("js", `<script>location.href = ${JSON.stringify(`${t}/v/js-nav`)};</script>`) },
    "/worker.js": { type: "text/javascript", body: `fetch(${JSON.stringify(`${t}/v/worker`)}).catch(() => {});` },
    "/sw.js": { type: "text/javascript", body: `fetch(${JSON.stringify(`${t}/v/sw`)}).catch(() => {});` },
  };

  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://x");
    const redirect = (status: number, location: string) => {
      res.writeHead(status, { location });
      res.end();
    };
    if (u.pathname === "/robots.txt") return redirect(302, `${t}/v/robots`);
    if (u.pathname === "/main-redirect") return redirect(302, `${t}/v/main`);
    if (u.pathname === "/main-chain") return redirect(302, chain("main-chain"));
    if (u.pathname === "/r" || u.pathname === "/r307") return redirect(u.pathname === "/r" ? 302 : 307, u.searchParams.get("to") ?? "/");
    const hop = /^\/hop\/(\d)$/.exec(u.pathname);
    if (hop) {
      const n = Number(hop[1]);
      const to = u.searchParams.get("to") ?? "/";
      return redirect(302, n <= 1 ? to : `/hop/${n - 1}?to=${encodeURIComponent(to)}`);
    }
    const page = pages[u.pathname];
    if (!page) {
      res.writeHead(404, { "content-type": "text/plain" });
      return res.end("not found");
    }
    res.writeHead(200, { "content-type": page.type });
    res.end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (p) => new URL(p, origin).href,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
