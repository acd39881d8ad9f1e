// The keychain's memory twin. `broken` makes every call fail and `hang` makes every call wait
// for its signal, like a keychain that is locked or whose daemon does not answer.

import type { Keychain } from './port.js';

export interface MemoryKeychainOptions {
  broken?: boolean;
  hang?: boolean;
}

export interface MemoryKeychain extends Keychain {
  /** Everything stored, as `service\u0000account` → secret. */
  readonly items: Map<string, string>;
}

export function createMemoryKeychain(options: MemoryKeychainOptions = {}): MemoryKeychain {
  const items = new Map<string, string>();
  const id = (service: string, account: string) => `${service}\u0000${account}`;
  const act = async <T>(fn: () => T, signal?: AbortSignal): Promise<T> => {
    if (options.hang) {
      return new Promise<T>((_, reject) => {
        if (signal?.aborted) reject(signal.reason);
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
    if (options.broken) throw new Error('keychain: access denied');
    return fn();
  };
  return {
    items,
    get: (service, account, signal) => act(() => items.get(id(service, account)), signal),
    set: (service, account, secret, signal) => act(() => void items.set(id(service, account), secret), signal),
    delete: (service, account, signal) => act(() => items.delete(id(service, account)), signal),
  };
}
