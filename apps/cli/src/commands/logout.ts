// `xetcache logout [--endpoint URL]`: remove the credentials for the hub from the keychain and
// ~/.xetconfig, wherever login put them.

import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { cliAuth, note } from './auth.js';
import { json } from './project.js';

const PLACES = { login: 'this process', keychain: 'the OS keychain', xetconfig: '~/.xetconfig' } as const;

export async function logoutCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { endpoint: { type: 'string' }, json: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  if (positionals.length) throw new UsageError('usage: xetcache logout [--endpoint URL]');
  const result = await cliAuth(io).logout({ endpoint: values.endpoint });
  if (values.json) json(io, result);
  else if (result.removed.length) io.stdout(`logged out of ${result.endpoint}: removed the credentials from ${result.removed.map((r) => PLACES[r]).join(' and ')}\n`);
  else io.stdout(`no stored credentials for ${result.endpoint}\n`);
  if (result.envStillSet) note(io, 'XET_USER_TOKEN is still set in this environment and still logs you in; unset it too');
  return 0;
}
