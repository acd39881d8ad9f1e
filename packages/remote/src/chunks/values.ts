// Values to and from a project's LFS server: the `xetcache-chunks` transfer when the server
// offers it (only chunks the other side lacks travel), git-LFS `basic` otherwise.

import type { LfsClient } from '../lfs/client.js';
import type { LfsObject } from '../lfs/types.js';
import { RemoteError } from '../errors.js';
import { CHUNKS_TRANSFER, downloadValue, uploadValue, type ChunkClientDeps, type SendsInFlight, type ValueTransfer } from './client.js';

export interface ValueSyncDeps extends ChunkClientDeps {
  lfs: LfsClient;
  /** The transfers offered, preferred first: both by default; `['basic']` keeps to plain git-LFS. */
  transfers?: readonly string[];
}

export interface ValuesReport extends ValueTransfer {
  /** Values the server already had (nothing sent). */
  skipped: number;
  /** The transfer the server chose. */
  transfer: string;
}

const OFFER = [CHUNKS_TRANSFER, 'basic'];

function withPrefix(oid: string): string {
  return oid.startsWith('sha256:') ? oid : `sha256:${oid}`;
}

/** Values uploaded at once: the hub's work on one overlaps the client's on the next. */
const UPLOADS_AT_ONCE = 4;

/**
 * Upload the values the server lacks, a few at once, each chunk sent once even when several
 * values share it. `onProgress` sees bytes processed and bytes sent. The first failure stops new
 * uploads; those under way finish before it is thrown.
 */
export async function pushValues(deps: ValueSyncDeps, objects: LfsObject[], onProgress?: (p: ValueTransfer) => void): Promise<ValuesReport> {
  const report: ValuesReport = { processed: 0, transferred: 0, skipped: 0, transfer: 'basic' };
  if (!objects.length) return report;
  const answer = await deps.lfs.batch('upload', objects, { transfers: [...(deps.transfers ?? OFFER)] });
  report.transfer = answer.transfer;
  for (const item of answer.objects) if (item.error) throw item.error;
  const inFlight: SendsInFlight = new Map();
  const one = async (item: (typeof answer.objects)[number]) => {
    if (!item.actions?.upload) {
      report.skipped++;
      report.processed += item.size;
    } else if (answer.transfer === CHUNKS_TRANSFER) {
      const done = await uploadValue(deps, withPrefix(item.oid), inFlight);
      report.processed += done.processed;
      report.transferred += done.transferred;
    } else {
      const oid = withPrefix(item.oid);
      await deps.lfs.upload({ oid, size: item.size }, async function* () {
        yield* await deps.store.get(oid);
      }, { item });
      report.processed += item.size;
      report.transferred += item.size;
    }
    onProgress?.({ processed: report.processed, transferred: report.transferred });
  };
  await eachAtOnce(answer.objects, UPLOADS_AT_ONCE, one);
  return report;
}

/** `fn` over `items`, at most `limit` at a time; after a failure none starts, and the first is thrown once all have settled. */
async function eachAtOnce<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { err: unknown } | undefined;
  const lane = async () => {
    while (!failure && next < items.length) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (err) {
        failure ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure) throw failure.err;
}

/** Download one value into the local store, verified (its oid and size). */
export async function fetchValue(deps: ValueSyncDeps, object: LfsObject, onProgress?: (p: ValueTransfer) => void): Promise<ValueTransfer & { transfer: string }> {
  const oid = withPrefix(object.oid);
  const answer = await deps.lfs.batch('download', [{ oid, size: object.size }], { transfers: [...(deps.transfers ?? OFFER)] });
  const item = answer.objects[0];
  if (!item) throw new RemoteError('EPROTOCOL', `the server said nothing about ${oid}`);
  if (item.error) throw item.error;
  let done: ValueTransfer;
  if (answer.transfer === CHUNKS_TRANSFER) {
    done = await downloadValue(deps, oid, object.size);
  } else {
    const stream = deps.lfs.download({ oid, size: object.size }, { item });
    await deps.store.put(stream, { expectOid: oid, expectSize: object.size });
    done = { processed: object.size, transferred: object.size };
  }
  onProgress?.(done);
  return { ...done, transfer: answer.transfer };
}
