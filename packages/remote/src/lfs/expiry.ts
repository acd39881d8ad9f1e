// Action expiry: expires_in (seconds from now, preferred) or expires_at (RFC 3339). An action
// that expires within the margin is asked for again before use, as git-lfs does (5 s).

import type { LfsAction } from './types.js';

export const EXPIRY_MARGIN_MS = 5_000;

/** When an action expires, in ms since the epoch, or undefined when it does not say. */
export function expiresAt(action: { expires_in?: unknown; expires_at?: unknown }, receivedAt: number): number | undefined {
  if (typeof action.expires_in === 'number' && Number.isFinite(action.expires_in) && action.expires_in !== 0) {
    return receivedAt + action.expires_in * 1000;
  }
  if (typeof action.expires_at === 'string' && action.expires_at) {
    const at = Date.parse(action.expires_at);
    // A zero time (0001-01-01…) is what some servers send for "never".
    if (!Number.isNaN(at) && at > 0) return at;
  }
  return undefined;
}

export function isExpiring(action: LfsAction, now: number, marginMs = EXPIRY_MARGIN_MS): boolean {
  return action.expiresAt !== undefined && action.expiresAt - now < marginMs;
}
