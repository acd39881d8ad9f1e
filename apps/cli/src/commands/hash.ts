// `xetcache hash FILE [--json]`: the oid, size and Xet file hash of a file, without storing it.
// Chunking and hashing run on worker threads for large files; idle workers do not hold the
// process open, so the command exits as soon as it has printed.

import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { toXetHex } from '@xetcache/core';
import { createBestBlake3, nodeSha256, parallelDigest, readFilePieces } from '@xetcache/core/node';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';

export async function hashCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new UsageError('usage: xetcache hash FILE [--json]');
  const file = positionals[0]!;
  const info = await stat(file).catch(() => undefined);
  if (!info) throw new Error(`cannot read ${file}: no such file`);
  if (!info.isFile()) throw new Error(`cannot hash ${file}: not a regular file`);
  const result = await parallelDigest(readFilePieces(file), {
    blake3: await createBestBlake3(),
    sha256: nodeSha256,
  });
  if (values.json) {
    const chunks = result.chunks.map((c) => ({ hash: toXetHex(c.hash), length: c.length }));
    io.stdout(`${JSON.stringify({ oid: result.oid, size: result.size, xetHash: result.xetHash, chunks })}\n`);
  } else {
    io.stdout(
      `oid      ${result.oid}\nsize     ${result.size}\nxetHash  ${result.xetHash}\nchunks   ${result.chunks.length}\n`,
    );
  }
  return 0;
}
