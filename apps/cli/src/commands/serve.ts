// `xetcache serve [--port N] [--host H] [--data DIR] [--storage URL]`: the hub, in the
// foreground, exactly as `npm start` runs it; flags override XETCACHE_HUB_* (SPEC §5). Stops
// on SIGINT/SIGTERM after the requests in flight.

import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { banner, parsePort, settingsFromEnv, startHub } from '@xetcache/hub';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';

export async function serveCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { port: { type: 'string', short: 'p' }, host: { type: 'string' }, data: { type: 'string' }, storage: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length) throw new UsageError('usage: xetcache serve [--port N] [--host H] [--data DIR] [--storage URL]');
  if (!io.untilSignal) throw new Error('serve runs only as a process of its own');
  const settings = settingsFromEnv(io.env, io.cwd);
  if (values.port !== undefined) settings.port = parsePort(values.port);
  if (values.host !== undefined) settings.host = values.host;
  if (values.data !== undefined) settings.data = resolve(io.cwd, values.data);
  if (values.storage !== undefined) settings.storage = values.storage;
  const running = await startHub({ ...settings, processEnv: io.env, log: (line) => io.stderr(`${line}\n`) });
  io.stdout(banner(running, { adminTokenFromEnv: Boolean(settings.adminToken) }));
  const signal = await io.untilSignal();
  io.stderr(`xetcache: ${signal}: finishing requests in flight, then stopping\n`);
  await running.close();
  return 0;
}
