// The first start of a hub: the site admin `admin` is created, with the token from
// XETCACHE_ADMIN_TOKEN when set, else a new one that is handed back to be printed once.
// Later starts add XETCACHE_ADMIN_TOKEN (when set) as a token of `admin`; nothing is printed.

import type { Accounts } from './accounts.js';

export const ADMIN_USER = 'admin';

export interface BootstrapResult {
  /** Set only on the first start without XETCACHE_ADMIN_TOKEN: show it once, it is not kept. */
  newAdminToken?: string;
}

export async function bootstrapAdmin(accounts: Accounts, adminToken?: string): Promise<BootstrapResult> {
  const existing = await accounts.getUser(ADMIN_USER);
  if (!existing) {
    try {
      await accounts.addUser({ name: ADMIN_USER, admin: true });
    } catch {
      // Another hub on the same storage created it first: that is fine.
    }
  }
  if (adminToken) {
    await accounts.adoptToken(adminToken, { user: ADMIN_USER });
    return {};
  }
  if (existing) return {};
  const { token } = await accounts.createToken({ user: ADMIN_USER });
  return { newAdminToken: token };
}
