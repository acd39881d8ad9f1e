// The projects' bare repositories on the hub's disk: `<reposDir>/<owner>/<name>.git`, default
// branch main (an isomorphic-git clone of a repository without HEAD fails). A new repository is
// built in a temporary folder, given its first commit with plumbing (no work tree), and renamed
// into place, so a crash never leaves half a repository at a project's path.

import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { ProjectName } from '../names.js';
import { gitEnv } from './env.js';
import { runGit } from './run-git.js';

export interface InitialFile {
  path: string;
  content: string;
}

export const repoPath = (reposDir: string, p: ProjectName): string => join(reposDir, p.owner, `${p.name}.git`);

export async function repoExists(reposDir: string, p: ProjectName): Promise<boolean> {
  return (await stat(join(repoPath(reposDir, p), 'HEAD')).catch(() => undefined))?.isFile() ?? false;
}

export async function createRepo(
  reposDir: string,
  p: ProjectName,
  first: { files: InitialFile[]; message: string; author: { name: string; email: string }; when: Date },
  processEnv: NodeJS.ProcessEnv,
): Promise<void> {
  const tmpRoot = join(reposDir, '.tmp');
  await mkdir(tmpRoot, { recursive: true });
  const tmp = join(tmpRoot, randomBytes(12).toString('hex'));
  const date = `${Math.floor(first.when.getTime() / 1000)} +0000`;
  const env = gitEnv(processEnv, {
    GIT_DIR: tmp,
    GIT_AUTHOR_NAME: first.author.name,
    GIT_AUTHOR_EMAIL: first.author.email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: first.author.name,
    GIT_COMMITTER_EMAIL: first.author.email,
    GIT_COMMITTER_DATE: date,
  });
  try {
    await runGit(['init', '--quiet', '--bare', '-b', 'main', tmp], { env: gitEnv(processEnv) });
    const entries: string[] = [];
    for (const file of first.files) {
      const { stdout } = await runGit(['hash-object', '-w', '--stdin'], { env, input: file.content });
      entries.push(`100644 blob ${stdout.trim()}\t${file.path}`);
    }
    const tree = (await runGit(['mktree'], { env, input: `${entries.sort().join('\n')}\n` })).stdout.trim();
    const commit = (await runGit(['commit-tree', tree, '-m', first.message], { env })).stdout.trim();
    await runGit(['update-ref', 'refs/heads/main', commit], { env });
    await mkdir(join(reposDir, p.owner), { recursive: true });
    await rename(tmp, repoPath(reposDir, p));
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
