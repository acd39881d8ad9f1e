// A user of stock git and git-lfs on this machine: their own HOME with a git identity, the hub
// token in git's credential store, and git-lfs installed for them.

import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Runs git in `cwd` as this user; `env` adds variables (GIT_LFS_SKIP_SMUDGE, say). */
export type Git = (cwd: string, args: string[], env?: Record<string, string>) => Promise<string>;

export async function gitLfsUser(home: string, hubUrl: string, user: string, token: string): Promise<Git> {
  const credentials = join(home, '.git-credentials');
  await mkdir(home, { recursive: true });
  await writeFile(join(home, '.gitconfig'), `[user]\n\tname = ${user}\n\temail = ${user}@example.com\n[credential]\n\thelper = store --file=${credentials}\n[pull]\n\tff = only\n`);
  await writeFile(credentials, `http://${user}:${token}@${new URL(hubUrl).host}\n`, { mode: 0o600 });
  const git: Git = (cwd, args, env = {}) =>
    new Promise((resolve, reject) => {
      execFile('git', args, { cwd, env: { PATH: process.env.PATH ?? '', HOME: home, GIT_TERMINAL_PROMPT: '0', ...env }, maxBuffer: 64 << 20, encoding: 'utf8' }, (err, stdout, stderr) =>
        err ? reject(new Error(`git ${args.join(' ')}: ${stderr}`)) : resolve(stdout),
      );
    });
  await git(home, ['lfs', 'install', '--skip-repo']);
  return git;
}
