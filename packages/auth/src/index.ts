// @xetcache/auth: where credentials come from (SPEC §5) — login() in the process, XET_*
// variables, ~/.xetconfig, the OS keychain — and checking them with the hub.

// The credential functions
export { createAuth, type Auth, type Identity } from './auth.js';
export type { AuthDeps, Credentials, CredentialSource } from './context.js';
export type { LoginOptions, LoginResult } from './login.js';
export type { LogoutOptions, LogoutResult } from './logout.js';
export type { ResolveOptions } from './resolve.js';

// Errors
export { AuthError, isRejected, isNotLoggedIn, type AuthErrorCode } from './errors.js';

// The hub
export { DEFAULT_ENDPOINT, normalizeEndpoint, sameEndpoint, profileName } from './endpoint.js';
export { checkToken, type FetchLike, type FetchResponse, type HubIdentity, type CheckTokenOptions } from './hub.js';

// ~/.xetconfig
export { xetconfigPath } from './xetconfig/path.js';
export { parseXetconfig } from './xetconfig/parse.js';
export { configuredProject } from './xetconfig/select.js';
export { CONFIG_MODE, writeXetconfig } from './xetconfig/write.js';
export { editXetconfig, type TableEdit } from './xetconfig/edit.js';
export type { ConfigFs, ConfigStats, ConfigFileHandle } from './xetconfig/fs.js';

// The OS keychain
export { KEYCHAIN_SERVICE, type Keychain } from './keychain/port.js';
export { createMemoryKeychain, type MemoryKeychain, type MemoryKeychainOptions } from './keychain/memory.js';
export { loadNativeKeychain, keychainSkipReason, type NativeKeychainOptions } from './keychain/native.js';
export { withTimeout, probeKeychain, KEYCHAIN_TIMEOUT_MS } from './keychain/guard.js';
