// `xetcache project create OWNER/NAME [--no-clone] [--endpoint URL]`: the project on the hub (a
// bare repository whose first commit on main has .gitattributes and .lfsconfig), then a clone of
// it at the project's default place, with the hub as its remote `origin`.

import { existsSync, readdirSync } from 'node:fs';
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import * as git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import { isProjectName, locateProject } from 'xetcache';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { hubCaller } from './hub-api.js';
import { cliEnv, json } from './project.js';
import { projectUse } from './project-use.js';

const USAGE = 'usage: xetcache project create OWNER/NAME [--no-clone] [--endpoint URL] [--json]';

async function create(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { 'no-clone': { type: 'boolean', default: false }, endpoint: { type: 'string' }, json: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const [name] = positionals;
  if (positionals.length !== 1 || !name) throw new UsageError(USAGE);
  if (!isProjectName(name)) throw new UsageError(`"${name}" is not a project name: use OWNER/NAME`);
  const { dir } = locateProject(name, cliEnv(io));
  const clone = !values['no-clone'];
  // Checked first, so a failed clone never leaves a project on the hub without its local copy.
  if (clone && existsSync(dir) && readdirSync(dir).length > 0) {
    throw new Error(`${dir} already exists and is not empty; move it away or use --no-clone`);
  }
  const hub = await hubCaller(io, values.endpoint);
  const made = await hub.call('POST', '/api/projects', { name });
  if (clone) {
    await git.clone({
      fs,
      http,
      dir,
      url: made.url,
      ref: 'main',
      singleBranch: true,
      onAuth: () => ({ username: hub.user, password: hub.token }),
    });
  }
  if (values.json) json(io, { project: name, url: made.url, lfsUrl: made.lfsUrl, dir: clone ? dir : null });
  else io.stdout(`created ${name} on ${hub.endpoint}: ${made.url}${clone ? `\ncloned to ${dir}` : ''}\n`);
  return 0;
}

export async function projectCommand(args: string[], io: CliIo): Promise<number> {
  const [verb, ...rest] = args;
  if (verb === 'create') return create(rest, io);
  if (verb === 'use') return projectUse(rest, io);
  throw new UsageError(USAGE);
}
