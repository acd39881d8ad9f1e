// Identical calls in flight in one process compute once: later callers wait for the first.

export class InFlight {
  private calls = new Map<string, Promise<unknown>>();

  run<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const running = this.calls.get(key);
    if (running) return running as Promise<T>;
    const call = compute().finally(() => this.calls.delete(key));
    this.calls.set(key, call);
    return call;
  }
}
