import Link from "next/link";

/** Shown inside the console chrome when a page calls `notFound()` (unknown job id, …). */
export default function ConsoleNotFound() {
  return (
    <div className="rounded-md border border-zinc-200 bg-white p-6" data-testid="not-found">
      <h1 className="text-base font-semibold">Not found</h1>
      <p className="mt-1 text-sm text-zinc-600">There is nothing at this address. It may have been deleted, or the id is mistyped.</p>
      <Link href="/jobs" className="mt-3 inline-block text-sm text-blue-700 hover:underline">
        Back to jobs
      </Link>
    </div>
  );
}
