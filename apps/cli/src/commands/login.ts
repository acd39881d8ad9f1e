// `xetcache login -u USER -p TOKEN [-e EMAIL] [--endpoint URL] [--json]`: xet login's flags. The
// hub checks the token before anything is stored. `-p -` reads the token from standard input
// (its first line), so it stays out of the command line and the shell's history.

import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { cliAuth, note } from './auth.js';
import { json } from './project.js';

const USAGE = 'usage: xetcache login -u USER -p TOKEN|- [-e EMAIL] [--endpoint URL]';

async function tokenFrom(value: string, io: CliIo): Promise<string> {
  if (value !== '-') return value;
  if (!io.readStdin) throw new UsageError('-p - reads the token from standard input, which this command has none of');
  const token = (await io.readStdin()).split(/\r?\n/)[0]!.trim();
  if (!token) throw new UsageError('-p -: standard input held no token (the token goes on its first line)');
  return token;
}

export async function loginCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      user: { type: 'string', short: 'u' },
      password: { type: 'string', short: 'p' },
      email: { type: 'string', short: 'e' },
      endpoint: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  if (positionals.length || !values.user || !values.password) throw new UsageError(USAGE);
  const token = await tokenFrom(values.password, io);
  const result = await cliAuth(io).login(values.user, token, values.email, { endpoint: values.endpoint });
  const place = result.storedIn === 'keychain' ? 'the OS keychain' : result.path;
  if (values.json) {
    json(io, { user: result.user, email: result.email ?? null, endpoint: result.endpoint, storedIn: result.storedIn, path: result.storedIn === 'xetconfig' ? result.path : null });
  } else {
    io.stdout(`logged in to ${result.endpoint} as ${result.user}${result.email ? ` <${result.email}>` : ''}; the token is in ${place}\n`);
  }
  for (const message of result.notes) note(io, message);
  return 0;
}
