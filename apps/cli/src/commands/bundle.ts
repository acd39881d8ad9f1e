// `xetcache export KEY... -o FILE.tar` and `xetcache import FILE.tar`.

import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { formatBytes, json, projectOptions, withProject } from './project.js';

export async function exportCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { ...projectOptions, output: { type: 'string', short: 'o' } },
    allowPositionals: true,
  });
  if (positionals.length === 0 || !values.output) throw new UsageError('usage: xetcache export KEY... -o FILE.tar [--project P]');
  const file = resolve(io.cwd, values.output);
  return withProject(io, values.project, async (store) => {
    const tmp = `${file}.${process.pid}.partial`;
    try {
      await pipeline(Readable.from(store.exportBundle(positionals)), createWriteStream(tmp));
      await rename(tmp, file);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    const size = (await stat(file)).size;
    if (values.json) json(io, { file, keys: positionals, size });
    else io.stdout(`exported ${positionals.length} entries to ${values.output} (${formatBytes(size)})\n`);
    return 0;
  });
}

export async function importCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: projectOptions, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError('usage: xetcache import FILE.tar [--project P]');
  const file = resolve(io.cwd, positionals[0]!);
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new Error(`cannot read ${positionals[0]}: no such file`);
  return withProject(io, values.project, async (store) => {
    const report = await store.importBundle(createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>);
    await store.flush();
    if (values.json) json(io, report);
    else io.stdout(`imported ${report.keys.length} entries (${report.objects} values, ${formatBytes(report.newBytes)} new)\n`);
    return 0;
  });
}
