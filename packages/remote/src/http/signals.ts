// Abort signals joined by hand: AbortSignal.any is missing from older browsers and Node 20.0.

/** Abort `controller` when `signal` fires, with the same reason; returns how to stop listening. */
export function follow(signal: AbortSignal | undefined, controller: AbortController): () => void {
  if (!signal) return () => {};
  if (signal.aborted) {
    controller.abort(signal.reason);
    return () => {};
  }
  const onAbort = () => controller.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}
