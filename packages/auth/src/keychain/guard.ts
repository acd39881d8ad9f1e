// Keep a keychain from blocking anything: every call gets a deadline, and a probe (write, read
// back, delete) decides whether it is used at all.

import type { Keychain } from './port.js';

export const KEYCHAIN_TIMEOUT_MS = 3000;
const PROBE_SERVICE = 'xetcache-probe';

class KeychainTimeout extends Error {
  override readonly name = 'KeychainTimeout';
}

/** Settle with `work`, or reject when `signal` aborts first (for calls that ignore the signal). */
function race<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new KeychainTimeout('the keychain did not answer in time'));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The keychain with a deadline on every call. */
export function withTimeout(inner: Keychain, timeoutMs = KEYCHAIN_TIMEOUT_MS): Keychain {
  const call = async <T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    // A timer that keeps the process alive (unlike AbortSignal.timeout's): a process waiting on
    // a silent keychain must reach the deadline, not exit with the call pending.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      return await race(Promise.resolve().then(() => fn(controller.signal)), controller.signal);
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    get: (service, account) => call((signal) => inner.get(service, account, signal)),
    set: (service, account, secret) => call((signal) => inner.set(service, account, secret, signal)),
    delete: (service, account) => call((signal) => inner.delete(service, account, signal)),
  };
}

/** Whether the keychain stores and returns a secret; never throws. */
export async function probeKeychain(keychain: Keychain): Promise<boolean> {
  const account = `probe-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const secret = Math.random().toString(36).slice(2);
  try {
    await keychain.set(PROBE_SERVICE, account, secret);
    const back = await keychain.get(PROBE_SERVICE, account);
    await keychain.delete(PROBE_SERVICE, account);
    return back === secret;
  } catch (err) {
    // A keychain that timed out would only time out again.
    if (!(err instanceof KeychainTimeout)) await keychain.delete(PROBE_SERVICE, account).catch(() => undefined);
    return false;
  }
}
