// The credential chain of @xetcache/auth wired to Node: the process's environment and home
// directory, node:fs, the global fetch, and the OS keychain loaded on first use.

import { promises as fsp } from 'node:fs';
import {
  createAuth,
  loadNativeKeychain,
  type Auth,
  type Credentials,
  type Identity,
  type LoginOptions,
  type LoginResult,
  type LogoutOptions,
  type LogoutResult,
  type ResolveOptions,
} from '@xetcache/auth';
import { processEnv, type Env } from './env.js';

export interface NodeAuthOptions {
  /** Where warnings go (a config readable by others, a keychain that failed); stderr by default. */
  warn?: (message: string) => void;
}

/** The credential functions for an environment (the CLI hands in its own). */
export function createNodeAuth(env: Env, options: NodeAuthOptions = {}): Auth {
  return createAuth({
    env: env.vars,
    homedir: env.homedir,
    fs: fsp,
    fetch: globalThis.fetch,
    keychain: () => loadNativeKeychain({ platform: process.platform, env: env.vars }),
    platform: process.platform,
    warn: options.warn ?? ((message) => process.stderr.write(`xetcache: warning: ${message}\n`)),
  });
}

let processAuth: Auth | undefined;
const auth = (): Auth => (processAuth ??= createNodeAuth(processEnv()));

/**
 * Check `token` with the hub (`GET /api/whoami`), then store it (the OS keychain when it works,
 * else ~/.xetconfig) and use it in this process from now on.
 */
export function login(user: string, token: string, email?: string, options?: LoginOptions): Promise<LoginResult> {
  return auth().login(user, token, email, options);
}

/** Remove the credentials for the endpoint from this process, the keychain and ~/.xetconfig. */
export function logout(options?: LogoutOptions): Promise<LogoutResult> {
  return auth().logout(options);
}

/** Who the credentials in force belong to and where they come from (never the token). */
export function whoami(options?: ResolveOptions): Promise<Identity> {
  return auth().whoami(options);
}

/** The credentials in force: login() here, XET_* variables, ~/.xetconfig, the OS keychain. */
export function resolveCredentials(options?: ResolveOptions): Promise<Credentials | undefined> {
  return auth().resolveCredentials(options);
}
