// Users and tokens over the storage port, so every hub sharing a bucket accepts the same
// tokens. A user is created once (ifAbsent); a token record is keyed by the token's hash.

import { HubError } from '../errors.js';
import { layout } from '../layout.js';
import type { BlobStore } from '../storage/port.js';
import { isPlausibleToken, newToken, tokenHash } from './tokens.js';
import type { Principal, Scope, TokenRecord, User } from './types.js';

export interface Accounts {
  addUser(user: { name: string; email?: string | null; admin?: boolean }): Promise<User>;
  getUser(name: string): Promise<User | undefined>;
  /** A new token for an existing user; the token itself is returned once and never stored. */
  createToken(grant: { user: string; project?: string | null; scope?: Scope | null }): Promise<{ token: string; record: TokenRecord }>;
  /** Record a token chosen elsewhere (XETCACHE_ADMIN_TOKEN). */
  adoptToken(token: string, grant: { user: string }): Promise<TokenRecord>;
  /** Who a user name and token belong to; undefined when they do not match a token of that user. */
  authenticate(user: string | undefined, token: string): Promise<Principal | undefined>;
}

const encoder = new TextEncoder();
const json = (value: unknown) => encoder.encode(`${JSON.stringify(value, null, 2)}\n`);

async function readJson<T>(blobs: BlobStore, key: string): Promise<T | undefined> {
  const data = await blobs.read(key);
  if (!data) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(data)) as T;
  } catch {
    throw new HubError('EINTEGRITY', `a stored account record is damaged`);
  }
}

export function createAccounts(blobs: BlobStore, now: () => number = Date.now): Accounts {
  const stamp = () => new Date(now()).toISOString();

  async function writeToken(token: string, grant: { user: string; project?: string | null; scope?: Scope | null }): Promise<TokenRecord> {
    const hash = tokenHash(token);
    const record: TokenRecord = { id: hash.slice(0, 12), user: grant.user, project: grant.project ?? null, scope: grant.scope ?? null, createdAt: stamp() };
    await blobs.put(layout.token(hash), json(record));
    return record;
  }

  return {
    async addUser({ name, email = null, admin = false }) {
      const user: User = { name, email: email || null, admin, createdAt: stamp() };
      if (!(await blobs.put(layout.user(name), json(user), { ifAbsent: true }))) {
        throw new HubError('ECONFLICT', `user "${name}" already exists`);
      }
      return user;
    },

    getUser: (name) => readJson<User>(blobs, layout.user(name)),

    async createToken(grant) {
      if (!(await readJson<User>(blobs, layout.user(grant.user)))) throw new HubError('ENOTFOUND', `no user "${grant.user}"`);
      const token = newToken();
      return { token, record: await writeToken(token, grant) };
    },

    async adoptToken(token, grant) {
      if (!isPlausibleToken(token)) throw new HubError('EBADREQUEST', 'a token has 8 to 512 characters and no spaces');
      const existing = await readJson<TokenRecord>(blobs, layout.token(tokenHash(token)));
      if (existing && existing.user === grant.user && existing.project === null && existing.scope === null) return existing;
      return writeToken(token, grant);
    },

    async authenticate(userName, token) {
      if (!isPlausibleToken(token)) return undefined;
      const record = await readJson<TokenRecord>(blobs, layout.token(tokenHash(token)));
      if (!record) return undefined;
      // HTTP Basic carries a user name; it must be the token's user (any case, as `xetcache login` compares).
      if (userName !== undefined && userName.toLowerCase() !== record.user) return undefined;
      const user = await readJson<User>(blobs, layout.user(record.user));
      return user && { user, token: record };
    },
  };
}
