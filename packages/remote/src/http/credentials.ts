// HTTP Basic `user:token` on requests to the servers the credentials are for, in the
// Authorization header only: never in a URL, never on a request to another origin (a storage
// link an LFS server hands out), never over a header the request already has (an LFS action's
// own). Errors that pass through are scrubbed of the token, whatever a server echoed.

import { RemoteError } from '../errors.js';
import { originOf } from './describe-url.js';
import type { HttpClient } from './types.js';

export interface BasicCredentials {
  user: string;
  token: string;
}

/** Where credentials come from; undefined means none (requests go anonymous). */
export type CredentialsProvider = () => Promise<BasicCredentials | undefined>;

export interface CredentialsOptions {
  credentials: CredentialsProvider;
  /** URLs (or origins) of the servers that may see the credentials; other origins never do. */
  origins: string[];
}

export function basicAuthorization({ user, token }: BasicCredentials): string {
  const bytes = new TextEncoder().encode(`${user}:${token}`);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `Basic ${btoa(binary)}`;
}

/** The same error with every trace of the secrets replaced by `***`. */
function scrub(err: unknown, secrets: string[]): unknown {
  if (!(err instanceof RemoteError)) return err;
  const clean = (text: string) => secrets.reduce((t, s) => (s ? t.split(s).join('***') : t), text);
  const message = clean(err.message);
  const data = JSON.parse(clean(JSON.stringify(err.data))) as Record<string, unknown>;
  if (message === err.message && JSON.stringify(data) === JSON.stringify(err.data)) return err;
  return new RemoteError(err.code, message, data);
}

export function withCredentials(client: HttpClient, { credentials, origins }: CredentialsOptions): HttpClient {
  const allowed = new Set(origins.map((o) => originOf(o)).filter((o): o is string => o !== undefined));
  return async (request) => {
    const origin = originOf(request.url);
    const headers = { ...request.headers };
    let secrets: string[] = [];
    if (origin !== undefined && allowed.has(origin) && headers.authorization === undefined) {
      const found = await credentials();
      if (found) {
        headers.authorization = basicAuthorization(found);
        secrets = [found.token, headers.authorization.slice('Basic '.length)];
      }
    }
    try {
      return await client({ ...request, headers });
    } catch (err) {
      throw scrub(err, secrets);
    }
  };
}

/** Ask `provider` once and keep the answer (a failed or empty answer is asked again). */
export function cachedCredentials(provider: CredentialsProvider): CredentialsProvider {
  let found: Promise<BasicCredentials | undefined> | undefined;
  return () => {
    found ??= provider().then(
      (value) => {
        if (!value) found = undefined;
        return value;
      },
      (err: unknown) => {
        found = undefined;
        throw err;
      },
    );
    return found;
  };
}

/** What @xetcache/auth's resolveCredentials gives, as a provider for `endpoint`. */
export function authCredentials(
  resolve: (options: { endpoint?: string }) => Promise<{ user: string; token: string } | undefined>,
  endpoint?: string,
): CredentialsProvider {
  return async () => {
    const found = await resolve(endpoint === undefined ? {} : { endpoint });
    return found && { user: found.user, token: found.token };
  };
}
