// The people of the story, each with a home and an XETCACHE_HOME of their own, so that nothing
// is shared between them but the hub. The OS keychain stays out of it (XETCACHE_KEYCHAIN=off):
// a login lands in the user's temp ~/.xetconfig, never in the real keychain of the machine.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface User {
  name: string;
  home: string;
  env: Record<string, string>;
}

export async function makeUser(root: string, name: string, vars: Record<string, string> = {}): Promise<User> {
  const home = join(root, name);
  await mkdir(home, { recursive: true });
  return {
    name,
    home,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      XETCACHE_HOME: join(home, '.cache', 'xetcache'),
      XETCACHE_KEYCHAIN: 'off',
      LANG: 'C',
      ...vars,
    },
  };
}

/** Add (or replace) variables of a user's environment, as they would export them in a shell. */
export function exportVars(user: User, vars: Record<string, string>): void {
  Object.assign(user.env, vars);
}
