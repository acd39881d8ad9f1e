// A person at a terminal with stock git and git-lfs: a temp HOME whose git config has their
// name and a `store` credential helper holding user:token for the hub (never in a URL, never
// logged), and git-lfs installed for that HOME.

import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface GitUser {
  name: string;
  home: string;
  env: Record<string, string>;
  /** Run git in `cwd` (relative to home); never throws. */
  run(cwd: string, args: string[], extraEnv?: Record<string, string>): Promise<GitResult>;
  /** Run git and fail the test with git's stderr when it fails. */
  git(cwd: string, ...args: string[]): Promise<string>;
  /** Replace the token the credential helper hands out. */
  setToken(token: string): Promise<void>;
}

export async function gitUser(hubUrl: string, name: string, token: string): Promise<GitUser> {
  const home = await mkdtemp(join(tmpdir(), `xetcache-e2e-${name}-`));
  const credentials = join(home, '.git-credentials');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    LANG: 'C',
  };
  await writeFile(
    join(home, '.gitconfig'),
    `[user]\n\tname = ${name}\n\temail = ${name}@example.com\n[credential]\n\thelper = store --file=${credentials}\n[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n`,
  );
  const setToken = async (t: string) => {
    const host = new URL(hubUrl).host;
    await writeFile(credentials, `http://${encodeURIComponent(name)}:${encodeURIComponent(t)}@${host}\n`, { mode: 0o600 });
  };
  await setToken(token);

  const run = (cwd: string, args: string[], extraEnv: Record<string, string> = {}): Promise<GitResult> =>
    new Promise((resolve) => {
      execFile('git', args, { cwd: join(home, cwd), env: { ...env, ...extraEnv }, encoding: 'utf8', maxBuffer: 64 << 20 }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  const git = async (cwd: string, ...args: string[]) => {
    const r = await run(cwd, args);
    if (r.code !== 0) throw new Error(`git ${args.join(' ')} failed (${r.code}):\n${r.stderr}`);
    return r.stdout;
  };
  await git('.', 'lfs', 'install', '--skip-repo');
  return { name, home, env, run, git, setToken };
}
