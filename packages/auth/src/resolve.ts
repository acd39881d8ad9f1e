// Which credentials are in force for an endpoint (SPEC §5), highest first: login() in this
// process, XET_* variables, ~/.xetconfig (the profile for the endpoint, else its [user] when the
// file is about that endpoint), the OS keychain. A source counts when it has a user and a token.

import { sameEndpoint } from './endpoint.js';
import { AuthError } from './errors.js';
import type { AuthContext, Credentials } from './context.js';
import { KEYCHAIN_SERVICE } from './keychain/port.js';
import { credentialsFor, tableLabel } from './xetconfig/select.js';

export interface ResolveOptions {
  /** The hub; the configured one when omitted. */
  endpoint?: string;
}

function fromEnv(ctx: AuthContext, endpoint: string): Credentials | undefined {
  const { XET_USER_NAME: user, XET_USER_TOKEN: token, XET_USER_EMAIL: email } = ctx.env;
  if (!token) return undefined;
  if (!user) {
    throw new AuthError('ENOUSER', 'XET_USER_TOKEN is set but XET_USER_NAME is not; set XET_USER_NAME to the user the token belongs to (or unset XET_USER_TOKEN)');
  }
  return { user, token, email: email || undefined, endpoint, source: 'env', origin: 'XET_USER_NAME and XET_USER_TOKEN' };
}

/** A keychain secret: JSON `{ user, token, email }`. */
export function decodeKeychainSecret(secret: string): { user: string; token: string; email?: string } | undefined {
  try {
    const v = JSON.parse(secret) as { user?: unknown; token?: unknown; email?: unknown };
    if (typeof v.user !== 'string' || !v.user || typeof v.token !== 'string' || !v.token) return undefined;
    return { user: v.user, token: v.token, email: typeof v.email === 'string' && v.email ? v.email : undefined };
  } catch {
    return undefined;
  }
}

export const encodeKeychainSecret = (c: { user: string; token: string; email?: string }): string =>
  JSON.stringify({ user: c.user, token: c.token, ...(c.email ? { email: c.email } : {}) });

async function fromKeychain(ctx: AuthContext, endpoint: string): Promise<Credentials | undefined> {
  const keychain = await ctx.keychain();
  if (!keychain) return undefined;
  let secret: string | undefined;
  try {
    secret = await keychain.get(KEYCHAIN_SERVICE, endpoint);
  } catch (err) {
    ctx.warn(`the OS keychain could not be read (${(err as Error).message}); it is skipped`);
    return undefined;
  }
  const found = secret === undefined ? undefined : decodeKeychainSecret(secret);
  return found && { ...found, endpoint, source: 'keychain', origin: 'the OS keychain' };
}

export async function resolveCredentials(ctx: AuthContext, options: ResolveOptions = {}): Promise<Credentials | undefined> {
  const endpoint = await ctx.endpoint(options.endpoint);
  if (ctx.session && sameEndpoint(ctx.session.endpoint, endpoint)) return ctx.session;
  const env = fromEnv(ctx, endpoint);
  if (env) return env;
  const config = await ctx.readConfig();
  const table = credentialsFor(config.data, endpoint, config.path);
  if (table) {
    const { name, token, email } = table.user;
    return { user: name!, token: token!, email, endpoint, source: 'xetconfig', origin: `${config.path} ${tableLabel(table.at)}` };
  }
  return fromKeychain(ctx, endpoint);
}

/** The credentials in force, or an error saying how to log in. */
export async function requireCredentials(ctx: AuthContext, options: ResolveOptions = {}): Promise<Credentials> {
  const found = await resolveCredentials(ctx, options);
  if (found) return found;
  const endpoint = await ctx.endpoint(options.endpoint);
  throw new AuthError(
    'ENOTLOGGEDIN',
    `not logged in to ${endpoint}; run: xetcache login -u USER -p TOKEN --endpoint ${endpoint} (or set XET_USER_NAME and XET_USER_TOKEN)`,
    { endpoint },
  );
}
