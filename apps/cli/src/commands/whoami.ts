// `xetcache whoami [--json] [--endpoint URL]`: who the credentials in force belong to and where
// they come from, from local configuration only. Never the token.

import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { cliAuth } from './auth.js';
import { json } from './project.js';

export async function whoamiCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { endpoint: { type: 'string' }, json: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  if (positionals.length) throw new UsageError('usage: xetcache whoami [--json] [--endpoint URL]');
  const who = await cliAuth(io).whoami({ endpoint: values.endpoint });
  if (values.json) json(io, { user: who.user, email: who.email, endpoint: who.endpoint, source: who.source });
  else io.stdout(`${who.user}${who.email ? ` <${who.email}>` : ''} at ${who.endpoint} (from ${who.origin})\n`);
  return 0;
}
