// `xetcache get KEY [-o FILE]`: the stored bytes of an entry, to stdout or a file (written in
// full before it replaces anything).

import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { projectOptions, withProject } from './project.js';

export interface BinaryOut {
  write(bytes: Uint8Array): void | Promise<void>;
}

export async function getCommand(args: string[], io: CliIo, out?: BinaryOut): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { ...projectOptions, output: { type: 'string', short: 'o' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new UsageError('usage: xetcache get KEY [-o FILE] [--project P]');
  const key = positionals[0]!;
  return withProject(io, values.project, async (store) => {
    const found = await store.openValue(key);
    if (!found) throw new Error(`no entry ${JSON.stringify(key)} in this project; 'xetcache ls' lists them`);
    if (values.output) {
      const file = resolve(io.cwd, values.output);
      const tmp = `${file}.${process.pid}.partial`;
      try {
        await pipeline(Readable.from(copies(found.bytes)), createWriteStream(tmp));
        await rename(tmp, file);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
    } else {
      const sink = out ?? { write: (b: Uint8Array) => io.stdout(new TextDecoder().decode(b)) };
      for await (const piece of found.bytes) await sink.write(piece);
    }
    return 0;
  });
}

// The store may reuse its buffers; a stream that queues them needs its own copies.
async function* copies(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for await (const piece of source) yield piece.slice();
}
