// `xetcache ls [--json]`: the entries of a project.

import { parseArgs } from 'node:util';
import type { EntryMeta } from '@xetcache/core';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { formatBytes, json, projectOptions, withProject } from './project.js';

export async function lsCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: projectOptions, allowPositionals: true });
  if (positionals.length) throw new UsageError('usage: xetcache ls [--json] [--project P]');
  return withProject(io, values.project, async (store) => {
    const metas: EntryMeta[] = [];
    for (const key of await store.keys()) {
      const meta = await store.getArtifact(key);
      if (meta) metas.push(meta);
    }
    if (values.json) {
      json(io, metas.map((m) => ({ key: m.key, size: m.size, oid: m.oid, serializer: m.serializer, createdAt: m.createdAt, expiresAt: m.expiresAt })));
    } else {
      for (const m of metas) io.stdout(`${m.createdAt.slice(0, 19)}  ${formatBytes(m.size).padStart(9)}  ${m.serializer.padEnd(6)}  ${m.key}\n`);
    }
    return 0;
  });
}
