// createAuth(deps): the credential functions bound to one set of dependencies and one
// in-process login.

import { AuthContext, type AuthDeps, type Credentials, type CredentialSource } from './context.js';
import { login, type LoginOptions, type LoginResult } from './login.js';
import { logout, type LogoutOptions, type LogoutResult } from './logout.js';
import { requireCredentials, resolveCredentials, type ResolveOptions } from './resolve.js';
import { configuredProject } from './xetconfig/select.js';

/** Who is logged in, without the token: what `whoami` prints. */
export interface Identity {
  user: string;
  email: string | null;
  endpoint: string;
  source: CredentialSource;
  origin: string;
}

export interface Auth {
  /** Check the token with the hub, then store it (keychain, else ~/.xetconfig) and use it here. */
  login(user: string, token: string, email?: string, options?: LoginOptions): Promise<LoginResult>;
  logout(options?: LogoutOptions): Promise<LogoutResult>;
  /** Who the credentials in force belong to, from local configuration only; throws when none. */
  whoami(options?: ResolveOptions): Promise<Identity>;
  /** The credentials in force for the endpoint, or undefined. */
  resolveCredentials(options?: ResolveOptions): Promise<Credentials | undefined>;
  /** The endpoint in use. */
  endpoint(explicit?: string): Promise<string>;
  /** The default cache project named in ~/.xetconfig (`[xetcache] project`). */
  configuredProject(): Promise<string | undefined>;
  /** Where the config file is. */
  readonly configPath: string;
}

export function createAuth(deps: AuthDeps): Auth {
  const ctx = new AuthContext(deps);
  return {
    login: (user, token, email, options) => login(ctx, user, token, email, options),
    logout: (options) => logout(ctx, options),
    whoami: async (options) => {
      const { user, email, endpoint, source, origin } = await requireCredentials(ctx, options);
      return { user, email: email ?? null, endpoint, source, origin };
    },
    resolveCredentials: (options) => resolveCredentials(ctx, options),
    endpoint: (explicit) => ctx.endpoint(explicit),
    configuredProject: async () => configuredProject((await ctx.readConfig()).data),
    configPath: ctx.configPath,
  };
}
