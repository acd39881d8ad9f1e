// `xetcache show KEY [--json]`: every metadata field of one entry.

import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { json, projectOptions, withProject } from './project.js';

export async function showCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: projectOptions, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError('usage: xetcache show KEY [--json] [--project P]');
  const key = positionals[0]!;
  return withProject(io, values.project, async (store) => {
    const m = await store.getArtifact(key);
    if (!m) throw new Error(`no entry ${JSON.stringify(key)} in this project; 'xetcache ls' lists them`);
    // The metadata as decodeEntry builds it: every field, in SPEC's order.
    if (values.json) json(io, m);
    else for (const [k, v] of Object.entries(m)) io.stdout(`${k.padEnd(11)} ${typeof v === 'string' ? v : JSON.stringify(v)}\n`);
    return 0;
  });
}
