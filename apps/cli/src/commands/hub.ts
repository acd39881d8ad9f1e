// `xetcache hub user add NAME [--admin] [--email E]` and `xetcache hub token create --user NAME
// [--project P] [--scope read|write|admin]`: site administration over the hub's API. Each
// prints the new token alone on stdout (SPEC §4), so scripts can capture it.

import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { hubCaller } from './hub-api.js';
import { json } from './project.js';

const USAGE = `usage: xetcache hub user add NAME [--admin] [--email EMAIL] [--endpoint URL]
       xetcache hub token create --user NAME [--project OWNER/NAME] [--scope read|write|admin] [--endpoint URL]`;

async function userAdd(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { admin: { type: 'boolean', default: false }, email: { type: 'string', short: 'e' }, endpoint: { type: 'string' }, json: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new UsageError(USAGE);
  const hub = await hubCaller(io, values.endpoint);
  const made = await hub.call('POST', '/api/users', { name: positionals[0], email: values.email, admin: values.admin });
  if (values.json) json(io, { user: made.user, email: made.email, admin: made.admin, token: made.token });
  else io.stdout(`${made.token}\n`);
  return 0;
}

async function tokenCreate(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { user: { type: 'string', short: 'u' }, project: { type: 'string', short: 'P' }, scope: { type: 'string' }, endpoint: { type: 'string' }, json: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  if (positionals.length || !values.user) throw new UsageError(USAGE);
  if (values.scope !== undefined && !['read', 'write', 'admin'].includes(values.scope)) throw new UsageError('--scope is read, write or admin');
  if (values.project !== undefined && values.scope === undefined) throw new UsageError('a token for a --project needs a --scope (read, write or admin)');
  const hub = await hubCaller(io, values.endpoint);
  const made = await hub.call('POST', '/api/tokens', { user: values.user, project: values.project, scope: values.scope });
  if (values.json) json(io, { token: made.token, id: made.id, user: made.user, project: made.project, scope: made.scope });
  else io.stdout(`${made.token}\n`);
  return 0;
}

export async function hubCommand(args: string[], io: CliIo): Promise<number> {
  const [noun, verb, ...rest] = args;
  if (noun === 'user' && verb === 'add') return userAdd(rest, io);
  if (noun === 'token' && verb === 'create') return tokenCreate(rest, io);
  throw new UsageError(USAGE);
}
