// What a starting hub prints: where it listens, where its data is, the admin token on the
// first start only, and what to do next.

import type { RunningHub } from './main.js';

export function banner(running: RunningHub, options: { adminTokenFromEnv: boolean }): string {
  const lines = [`xetcache hub listening on ${running.url}`, `data: ${running.data}`];
  if (running.newAdminToken) {
    lines.push(
      '',
      'First start: the site admin is user "admin", with this token. It is shown only now and',
      'stored only hashed; keep it (or set XETCACHE_ADMIN_TOKEN on a later start to add one):',
      '',
      `  ${running.newAdminToken}`,
    );
  } else if (options.adminTokenFromEnv) {
    lines.push('the admin token is XETCACHE_ADMIN_TOKEN');
  }
  lines.push(
    '',
    'Next steps, in another terminal:',
    `  export XET_ENDPOINT=${running.url}`,
    '  npx xetcache login -u admin -p -            # then paste the admin token (read from standard input)',
    '  npx xetcache hub user add alice            # prints alice\'s token',
    '  npx xetcache project create alice/models   # as alice, or as admin',
    `  git clone ${running.url}/alice/models.git  # stock git + git-lfs, user alice, her token as password`,
    '  npx xetcache daemon start                  # push and pull your cache projects in the background',
    '',
    'Ctrl-C stops the hub; uploads in flight finish first.',
    '',
  );
  return lines.join('\n');
}
