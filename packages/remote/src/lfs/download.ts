// Download one object with the basic transfer, as a stream checked while it flows: every byte
// goes through SHA-256, and the stream fails (EINTEGRITY) at the end unless size and hash are
// the object's. A connection that breaks or stalls mid-way is resumed with Range from the
// last byte received (206 continues, a full 200 is skipped forward), asking the batch API
// again when the action is about to expire. Bytes reach the caller once, in order.

import { RemoteError, isRetriable } from '../errors.js';
import { toHex } from '@xetcache/core';
import type { HttpResponse } from '../http/types.js';
import { describeUrl } from '../http/describe-url.js';
import type { LfsContext } from './context.js';
import { usableAction } from './action.js';
import { checkSize, wireOid } from './oid.js';
import { ObjectProgress } from './progress.js';
import type { TransferOptions } from './upload.js';
import type { LfsObject } from './types.js';

/** The delay before resume number `n` (from 1): 250 ms doubling, at most 8 s. */
const resumeDelay = (n: number) => Math.min(8_000, 250 * 2 ** (n - 1));

/** Where a response's bytes start within the object, given that `offset` bytes were asked to be skipped. */
function startOf(response: HttpResponse, offset: number): number {
  if (response.status === 200) return 0;
  const where = describeUrl(response.url);
  if (response.status !== 206) throw new RemoteError('EPROTOCOL', `GET ${where}: HTTP ${response.status} where the object's bytes were expected`, { status: response.status });
  const range = /^bytes (\d+)-\d+\/(?:\d+|\*)$/.exec(response.headers.get('content-range')?.trim() ?? '');
  if (!range || offset === 0) throw new RemoteError('EPROTOCOL', `GET ${where}: a 206 answer whose Content-Range does not fit what was asked`, { status: 206 });
  const start = Number(range[1]);
  if (start !== offset) throw new RemoteError('EPROTOCOL', `GET ${where}: asked for bytes from ${offset}, got bytes from ${start}`, { status: 206 });
  return start;
}

export async function* download(ctx: LfsContext, object: LfsObject, options: TransferOptions = {}): AsyncGenerator<Uint8Array> {
  const hex = wireOid(object.oid);
  const size = checkSize(object.size);
  const batchOptions = { ref: options.ref, signal: options.signal };
  const progress = new ObjectProgress(size, options.onProgress);
  const hash = ctx.sha256();
  let item = options.item;
  let offset = 0;
  let resumes = 0;

  while (offset < size) {
    const usable = await usableAction(ctx, 'download', object, 'download', batchOptions, item);
    item = usable.item;
    const action = usable.action;
    if (!action) throw new RemoteError('EPROTOCOL', `the LFS server gave no download action for ${hex}`, { oid: object.oid });
    const headers = { ...action.header };
    if (offset > 0) headers.range = `bytes=${offset}-`;
    const response = await ctx.http({ method: 'GET', url: action.href, headers, signal: options.signal });
    let at: number;
    try {
      at = startOf(response, offset);
    } catch (err) {
      await response.cancel();
      throw err;
    }
    try {
      for await (const received of response.body) {
        progress.add({ transferred: received.length });
        // A full answer to a resumed request: skip what the caller already has.
        const skip = Math.min(received.length, Math.max(0, offset - at));
        at += received.length;
        const piece = skip ? received.subarray(skip) : received;
        if (piece.length === 0) continue;
        if (offset + piece.length > size) {
          throw new RemoteError('EINTEGRITY', `LFS object ${hex}: the server sent more than its ${size} bytes`, { oid: object.oid, size });
        }
        hash.update(piece);
        await hash.settled();
        offset += piece.length;
        progress.add({ processed: piece.length });
        yield piece;
      }
    } catch (err) {
      if (!isRetriable(err) || resumes >= ctx.maxResumes || options.signal?.aborted) throw err;
      resumes++;
      await ctx.sleep(resumeDelay(resumes), options.signal);
      continue;
    }
    if (offset < size) {
      // The body ended cleanly but short: resume like a broken connection, within the same limit.
      if (resumes >= ctx.maxResumes) {
        throw new RemoteError('EINTEGRITY', `LFS object ${hex}: received ${offset} of its ${size} bytes`, { oid: object.oid, size, received: offset });
      }
      resumes++;
      await ctx.sleep(resumeDelay(resumes), options.signal);
    }
  }
  const digest = toHex(await hash.digest());
  if (digest !== hex) {
    throw new RemoteError('EINTEGRITY', `LFS object ${hex}: the bytes received hash to ${digest}`, { oid: object.oid, got: digest });
  }
}
