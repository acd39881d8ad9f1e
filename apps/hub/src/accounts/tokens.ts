// Tokens are random, shown once, and stored only as their SHA-256: storage never holds one in
// the clear, and a token is found by hashing what the client sent (no comparison loop to time).

import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'xct_';

export function newToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** What a token may look like when it comes from the environment or a client. */
export function isPlausibleToken(token: string): boolean {
  return token.length >= 8 && token.length <= 512 && !/[\s\0]/.test(token);
}
