// Users, tokens and scopes, as stored (JSON under layout.user / layout.token).

export type Scope = 'read' | 'write' | 'admin';
export const SCOPES: readonly Scope[] = ['read', 'write', 'admin'];

export interface User {
  name: string;
  email: string | null;
  /** A site admin may do anything. */
  admin: boolean;
  createdAt: string;
}

export interface TokenRecord {
  /** A short public id (the first 12 hex digits of the token's hash), for listings and revocation. */
  id: string;
  user: string;
  /** `owner/name`: the token works on this project only, with `scope`. Null: the user's own rights. */
  project: string | null;
  /** The most this token may do; null for an unrestricted user token. */
  scope: Scope | null;
  createdAt: string;
}

/** Who a request is: a user, through one token. */
export interface Principal {
  user: User;
  token: TokenRecord;
}
