// Waiting for something another process does (a daemon's push, a pull on the other machine):
// poll until the check holds. The bound only keeps a broken run from waiting forever; a poll
// loop would otherwise outlive the test's own timeout and keep the test process alive.

export async function eventually<T>(check: () => Promise<T | undefined | false>, everyMs = 250, boundMs = 180_000): Promise<T> {
  const until = Date.now() + boundMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > until) throw new Error(`gave up waiting after ${boundMs / 1000} s`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
