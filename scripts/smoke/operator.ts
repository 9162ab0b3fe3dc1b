import type { OperatorCredentials } from "./options";

/** Requests made as the operator: with the API key, or with the session cookies of a password sign-in. */
export type OperatorClient = { via: "api_key" | "session"; fetch(pathname: string, init?: RequestInit): Promise<Response> };

function remember(jar: Map<string, string>, res: Response): void {
  for (const c of res.headers.getSetCookie()) {
    const [pair = ""] = c.split(";");
    const i = pair.indexOf("=");
    if (i > 0) jar.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
  }
}

const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/**
 * Authenticate as the operator on the deployment at `baseUrl`. An API key (scope `operator`) is sent as
 * `Authorization: Bearer`; a username and password go through next-auth's credentials flow as the sign-in page does
 * (`/api/auth/csrf`, then `POST /api/auth/callback/credentials`), and the session is checked at `/api/auth/session`.
 * @throws Error when the sign-in is refused (wrong password, locked out) or no session results.
 */
export async function signInOperator(baseUrl: string, creds: OperatorCredentials): Promise<OperatorClient> {
  if (creds.kind === "api_key") {
    const auth = { authorization: `Bearer ${creds.apiKey}` };
    return { via: "api_key", fetch: (p, init = {}) => fetch(new URL(p, baseUrl), { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } }) };
  }
  const jar = new Map<string, string>();
  const csrf = await fetch(new URL("/api/auth/csrf", baseUrl));
  if (!csrf.ok) throw new Error(`GET /api/auth/csrf answered ${csrf.status}`);
  remember(jar, csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(new URL("/api/auth/callback/credentials", baseUrl), {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar), "x-auth-return-redirect": "1" },
    body: new URLSearchParams({ csrfToken, username: creds.username, password: creds.password, json: "true" }),
  });
  remember(jar, res);
  const answer = (await res.json().catch(() => ({}))) as { url?: string };
  const error = answer.url ? new URL(answer.url, baseUrl).searchParams.get("error") : `HTTP ${res.status}`;
  if (error) throw new Error(`Operator sign-in as ${creds.username} refused: ${error}`);
  const session = (await (await fetch(new URL("/api/auth/session", baseUrl), { headers: { cookie: cookieHeader(jar) } })).json()) as { user?: { name?: string } };
  if (!session.user?.name) throw new Error(`Operator sign-in as ${creds.username} left no session`);
  return { via: "session", fetch: (p, init = {}) => fetch(new URL(p, baseUrl), { ...init, headers: { cookie: cookieHeader(jar), ...(init.headers as Record<string, string>) } }) };
}
