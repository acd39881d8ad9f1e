// `xetcache project use OWNER/NAME`: the default project, as `[xetcache] project` in
// ~/.xetconfig (read when neither --project nor XETCACHE_PROJECT names one).

import { promises as fsp } from 'node:fs';
import { editXetconfig, writeXetconfig, xetconfigPath } from '@xetcache/auth';
import { isProjectName } from 'xetcache';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { cliEnv } from './project.js';

export async function projectUse(args: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = args;
  if (!name || rest.length) throw new UsageError('usage: xetcache project use OWNER/NAME');
  if (!isProjectName(name)) throw new UsageError(`"${name}" is not a project name: use OWNER/NAME`);
  const path = xetconfigPath(cliEnv(io).homedir);
  const text = await fsp.readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  await writeXetconfig(fsp, path, editXetconfig(text, [{ table: ['xetcache'], set: { project: name } }]));
  io.stdout(`default project: ${name} (in ${path})\n`);
  return 0;
}
