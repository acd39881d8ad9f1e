// `xetcache stats [--json]`: entries, logical vs stored bytes (the dedup ratio), hits, misses.

import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { formatBytes, json, projectOptions, withProject } from './project.js';

export async function statsCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: projectOptions, allowPositionals: true });
  if (positionals.length) throw new UsageError('usage: xetcache stats [--json] [--project P]');
  return withProject(io, values.project, async (store) => {
    const s = await store.stats();
    if (values.json) json(io, s);
    else {
      const ratio = s.storedBytes > 0 ? (s.logicalBytes / s.storedBytes).toFixed(2) : '-';
      io.stdout(`entries        ${s.entries}\n`);
      io.stdout(`logical bytes  ${formatBytes(s.logicalBytes)}\n`);
      io.stdout(`stored bytes   ${formatBytes(s.storedBytes)}  (dedup ratio ${ratio})\n`);
      io.stdout(`hits           ${s.hits}\nmisses         ${s.misses}\n`);
      if (s.remoteEntries) io.stdout(`not local      ${s.remoteEntries}\n`);
      if (s.damagedEntries) io.stdout(`damaged        ${s.damagedEntries} (run 'xetcache verify --repair')\n`);
    }
    return 0;
  });
}
