// The environment git children get: what git needs to run, and nothing of the hub's own
// (XETCACHE_ADMIN_TOKEN and cloud credentials stay in the hub's process).

export function gitEnv(base: NodeJS.ProcessEnv, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TMPDIR', 'SYSTEMROOT']) {
    if (base[name] !== undefined) env[name] = base[name];
  }
  return { ...env, GIT_TERMINAL_PROMPT: '0', ...extra };
}
