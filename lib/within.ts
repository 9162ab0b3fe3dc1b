/**
 * Settle like `p`, or reject with `timeoutError()` once `ms` have passed first (the timer is cleared either way; `p`
 * itself is not cancelled — give it its own deadline, or let its owner's lifetime end it).
 * @param ms time limit, ms.
 * @param timeoutError the rejection on timeout (default `Error("timed out after <ms> ms")`).
 */
export function within<T>(p: Promise<T>, ms: number, timeoutError: () => Error = () => new Error(`timed out after ${ms} ms`)): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError()), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
