"use client";

/** Error boundary for console pages: a generic message (never the server's error text), the digest and a retry. */
export default function ConsoleError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-6 text-red-900" data-testid="console-error">
      <h1 className="text-base font-semibold">Something went wrong loading this page</h1>
      <p className="mt-1 text-sm">The server could not complete the request. Check the database and the server log.</p>
      {digest ? <p className="mt-1 font-mono text-xs text-red-700">digest {digest}</p> : null}
      <button type="button" onClick={() => retry()} className="mt-3 rounded bg-red-700 px-3 py-1 text-xs font-medium text-white hover:bg-red-800">
        Try again
      </button>
    </div>
  );
}
