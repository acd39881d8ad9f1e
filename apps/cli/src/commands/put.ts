// `xetcache put KEY FILE [--serializer NAME] [--ttl DURATION]`: store a file's bytes under a key,
// streaming it; an existing key is replaced (the old value stays in git history).

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { formatBytes, json, progress, projectOptions, withProject } from './project.js';

export async function putCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { ...projectOptions, serializer: { type: 'string' }, ttl: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length !== 2) throw new UsageError('usage: xetcache put KEY FILE [--serializer NAME] [--ttl DURATION] [--project P]');
  const [key, path] = positionals as [string, string];
  const file = resolve(io.cwd, path);
  const info = await stat(file).catch(() => undefined);
  if (!info) throw new Error(`cannot read ${path}: no such file`);
  if (!info.isFile()) throw new Error(`cannot put ${path}: not a regular file`);
  return withProject(io, values.project, async (store) => {
    const onProgress = progress(io);
    const meta = await store.putSource(key, createReadStream(file, { highWaterMark: 1 << 20 }), {
      serializer: values.serializer,
      ttl: values.ttl,
      onProgress,
    });
    if (onProgress) io.stderr('\n');
    await store.flush();
    if (values.json) json(io, meta);
    else io.stdout(`${meta.key}  ${formatBytes(meta.size)}  ${meta.oid}\n`);
    return 0;
  });
}
