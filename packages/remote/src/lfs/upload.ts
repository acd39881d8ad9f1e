// Upload one object with the basic transfer: ask the batch API (no actions: the server has it),
// PUT the bytes streamed to the action's href with the action's headers, then POST to the
// verify action when the server gave one.

import { RemoteError } from '../errors.js';
import { discard } from '../http/response.js';
import { replayable } from '../http/body.js';
import type { LfsContext } from './context.js';
import { usableAction } from './action.js';
import { LFS_JSON_HEADERS } from './media.js';
import { checkSize, wireOid } from './oid.js';
import { ObjectProgress, type ProgressCallback } from './progress.js';
import type { BatchItem, LfsObject } from './types.js';

/** The bytes to upload: in memory, or a function giving a fresh pass over them (so a failed PUT can be sent again). */
export type UploadSource = Uint8Array | (() => AsyncIterable<Uint8Array> | Iterable<Uint8Array>);

const PIECE = 256 * 1024;

export interface TransferOptions {
  ref?: string;
  signal?: AbortSignal;
  onProgress?: ProgressCallback;
  /** This object's entry from a batch already made, to skip asking again. */
  item?: BatchItem;
}

export interface UploadResult {
  oid: string;
  size: number;
  /** False when the server already had the object and nothing was sent. */
  uploaded: boolean;
}

export async function upload(ctx: LfsContext, object: LfsObject, source: UploadSource, options: TransferOptions = {}): Promise<UploadResult> {
  const hex = wireOid(object.oid);
  const size = checkSize(object.size);
  const batchOptions = { ref: options.ref, signal: options.signal };
  const progress = new ObjectProgress(size, options.onProgress);
  const { item, action } = await usableAction(ctx, 'upload', object, 'upload', batchOptions, options.item);
  if (!action) {
    progress.add({ processed: size });
    return { oid: object.oid, size, uploaded: false };
  }

  const open = typeof source === 'function' ? source : () => [source];
  const body = replayable(async function* () {
    // Each attempt sends everything again: all of it is transferred, only new ground processed.
    let sent = 0;
    for await (const whole of open()) {
      // Big pieces go out in slices, so progress moves and the headers deadline (which restarts
      // with each piece taken) measures a stalled upload, not the time to send a large value.
      for (let at = 0; at < whole.length; at += PIECE) {
        const piece = whole.length <= PIECE ? whole : whole.subarray(at, at + PIECE);
        sent += piece.length;
        progress.add({ transferred: piece.length, processed: Math.max(0, sent - progress.processed) });
        yield piece;
      }
    }
  }, size);
  const put = await ctx.http({
    method: 'PUT',
    url: action.href,
    headers: { 'content-type': 'application/octet-stream', ...action.header },
    body,
    signal: options.signal,
  });
  await discard(put);

  // The verify action may have expired during a long upload; asking again then tells whether the
  // server has the object (no actions), which is what verifying would have said.
  const verify = await usableAction(ctx, 'upload', object, 'verify', batchOptions, item);
  if (verify.item !== item && verify.item.actions?.upload) {
    throw new RemoteError('EPROTOCOL', `the LFS server accepted the upload of ${hex} but still asks for it`, { oid: object.oid });
  }
  if (verify.action) {
    const answer = await ctx.http({
      method: 'POST',
      url: verify.action.href,
      headers: { ...LFS_JSON_HEADERS, ...verify.action.header },
      body: JSON.stringify({ oid: hex, size }),
      signal: options.signal,
    });
    await discard(answer);
  }
  return { oid: object.oid, size, uploaded: true };
}
