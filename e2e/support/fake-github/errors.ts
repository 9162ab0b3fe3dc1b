/** GitHub's error answers, shared by the routes and the App auth (a leaf: imports nothing of the fake). */

export const DOCS = "https://docs.github.com/rest";

/** An answer thrown from anywhere in a handler (GitHub's error bodies carry `message`, `documentation_url`, `status`). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.message));
  }
}

/** GitHub's error body: `{ message, documentation_url, status: "<code>" }`. */
export const errorBody = (status: number, message: string, documentationUrl = DOCS) => ({ message, documentation_url: documentationUrl, status: String(status) });
