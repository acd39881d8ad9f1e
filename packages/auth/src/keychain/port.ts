// The OS keychain as xetcache uses it: one secret per (service, account). Implementations:
// `createMemoryKeychain` (the twin, for tests) and `loadNativeKeychain` (@napi-rs/keyring).

export interface Keychain {
  /** The secret, or undefined when there is none. */
  get(service: string, account: string, signal?: AbortSignal): Promise<string | undefined>;
  set(service: string, account: string, secret: string, signal?: AbortSignal): Promise<void>;
  /** True when a secret was there to delete. */
  delete(service: string, account: string, signal?: AbortSignal): Promise<boolean>;
}

/** Where xetcache keeps logins: the service name, with the endpoint as the account. */
export const KEYCHAIN_SERVICE = 'xetcache';
