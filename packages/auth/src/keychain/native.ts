// The OS keychain through @napi-rs/keyring (macOS Keychain, Windows Credential Manager, the
// Secret Service on Linux), an optional dependency loaded on first use. Nothing here may block
// or crash a process that has no keychain: a missing module, a Linux session without D-Bus, or
// XETCACHE_KEYCHAIN=off all mean "no keychain".

import type { Keychain } from './port.js';

/** The part of @napi-rs/keyring used here (typed locally: the module may be absent). */
interface AsyncEntryLike {
  getPassword(signal?: AbortSignal | null): Promise<string | null>;
  setPassword(password: string, signal?: AbortSignal | null): Promise<void>;
  deletePassword(signal?: AbortSignal | null): Promise<boolean>;
}
interface KeyringModule {
  AsyncEntry: new (service: string, account: string, options?: { linux?: { store?: string } }) => AsyncEntryLike;
}

export interface NativeKeychainOptions {
  platform: string;
  env: Record<string, string | undefined>;
  /** How the module is loaded (tests hand in their own). */
  load?: () => Promise<unknown>;
}

const OFF = new Set(['0', 'off', 'false', 'no', 'none']);

/** Why the keychain is not tried at all here, or undefined when it may be. */
export function keychainSkipReason(platform: string, env: Record<string, string | undefined>): string | undefined {
  const setting = env.XETCACHE_KEYCHAIN?.trim().toLowerCase();
  if (setting && OFF.has(setting)) return 'XETCACHE_KEYCHAIN is off';
  // Without a session bus the Secret Service cannot answer, and the kernel keyring it would
  // fall back to forgets everything at logout.
  if (platform === 'linux' && !env.DBUS_SESSION_BUS_ADDRESS) return 'no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set)';
  return undefined;
}

// A variable, so TypeScript does not require the optional module to be installed.
const MODULE = '@napi-rs/keyring';

export async function loadNativeKeychain(options: NativeKeychainOptions): Promise<Keychain | undefined> {
  if (keychainSkipReason(options.platform, options.env)) return undefined;
  let mod: KeyringModule;
  try {
    mod = (await (options.load ?? (() => import(MODULE)))()) as KeyringModule;
    if (typeof mod?.AsyncEntry !== 'function') return undefined;
  } catch {
    return undefined;
  }
  // On Linux, the Secret Service only: never the kernel keyring's session-scoped store.
  const entryOptions = options.platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined;
  const entry = (service: string, account: string) => new mod.AsyncEntry(service, account, entryOptions);
  return {
    get: async (service, account, signal) => (await entry(service, account).getPassword(signal)) ?? undefined,
    set: async (service, account, secret, signal) => entry(service, account).setPassword(secret, signal),
    delete: async (service, account, signal) => entry(service, account).deletePassword(signal),
  };
}
