// A body on its way into S3, read whole before anything becomes visible. A body that fits in one
// part is one PutObject at commit; a larger one is a multipart upload whose parts go up while
// the body is still read (a few at once, each in its own bounded buffer) and which commit
// completes or abort removes. Either way the object appears whole at commit, or not at all.

import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { BlobSource } from './port.js';

export interface UploadTuning {
  /** Bytes per part (S3's minimum is 5 MiB); doubled every 1000 parts, so 10,000 parts reach terabytes. */
  partSize: number;
  /** Parts uploading at once. A streamed body holds at most (queueSize + 1) parts in memory. */
  queueSize: number;
}

export interface StagedUpload {
  readonly multipart: boolean;
  /** Make the object visible; with `'*'`, only if nothing is at the key (S3 `If-None-Match`). */
  commit(ifNoneMatch?: '*'): Promise<void>;
  /** Give up: a multipart upload's parts are removed. Nothing to do for a single put. */
  abort(): Promise<void>;
}

const MAX_PARTS = 10_000;
const FIRST_BUFFER = 64 * 1024;

export const partSizeOf = (base: number, partNumber: number): number => base * 2 ** Math.floor((partNumber - 1) / 1000);

/** The body cut into parts; at least one (empty for an empty body). A buffer's parts are views of it. */
async function* partsOf(body: BlobSource, base: number): AsyncGenerator<Uint8Array> {
  let number = 1;
  if (body instanceof Uint8Array) {
    let at = 0;
    do {
      const size = partSizeOf(base, number++);
      yield body.subarray(at, at + size);
      at += size;
    } while (at < body.length);
    return;
  }
  // The first part's buffer grows by doubling, so a small streamed body does not take a whole
  // part; once a body has filled one part, the next ones are taken whole.
  let limit = partSizeOf(base, number);
  let part = Buffer.allocUnsafe(Math.min(FIRST_BUFFER, limit));
  let filled = 0;
  let yielded = false;
  for await (const piece of body) {
    let from = 0;
    while (from < piece.length) {
      if (filled === limit) {
        yield part;
        yielded = true;
        limit = partSizeOf(base, ++number);
        part = Buffer.allocUnsafe(limit);
        filled = 0;
      }
      if (filled === part.length) {
        const bigger = Buffer.allocUnsafe(Math.min(part.length * 2, limit));
        part.copy(bigger, 0, 0, filled);
        part = bigger;
      }
      const n = Math.min(piece.length - from, part.length - filled);
      part.set(piece.subarray(from, from + n), filled);
      filled += n;
      from += n;
    }
  }
  if (filled > 0 || !yielded) yield part.subarray(0, filled);
}

/** Read `body` into S3 under `key`, ready to commit. Rejects (leaving nothing) when the body or an upload fails. */
export async function stageUpload(client: S3Client, bucket: string, key: string, body: BlobSource, tuning: UploadTuning): Promise<StagedUpload> {
  const parts = partsOf(body, tuning.partSize);
  let uploadId: string | undefined;
  const done: CompletedPart[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const send = (PartNumber: number, bytes: Uint8Array) => {
    const sending: Promise<void> = client
      .send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber, Body: bytes, ContentLength: bytes.length }))
      .then(
        (r) => void done.push({ PartNumber, ETag: r.ETag }),
        (error: unknown) => void (failure ??= { error }),
      )
      .finally(() => inFlight.delete(sending));
    inFlight.add(sending);
  };
  const abort = async () => {
    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
  };

  // The first part waits until a second one shows the body needs a multipart upload. Parts are
  // held in nothing but `first` and the loop's step, so a part sent and done is garbage.
  let first: Uint8Array | undefined;
  let number = 0;
  try {
    for (;;) {
      const step = await parts.next();
      if (step.done) break;
      if (++number === 1) {
        first = step.value;
        continue;
      }
      if (number > MAX_PARTS) throw new Error(`the body is larger than ${MAX_PARTS} parts`);
      if (number === 2) {
        uploadId = (await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }))).UploadId;
        send(1, first!);
        first = undefined;
      }
      send(number, step.value);
      while (inFlight.size >= tuning.queueSize && !failure) await Promise.race(inFlight);
      if (failure) throw failure.error;
    }
    while (inFlight.size > 0) await Promise.race(inFlight);
    if (failure) throw failure.error;
  } catch (err) {
    // Stop reading the body, let the parts in flight settle, then remove them all.
    await parts.return(undefined).catch(() => undefined);
    await Promise.allSettled([...inFlight]);
    if (uploadId !== undefined) await abort().catch(() => undefined);
    throw err;
  }

  if (uploadId === undefined) {
    const bytes = first ?? new Uint8Array(0);
    return {
      multipart: false,
      async commit(ifNoneMatch) {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentLength: bytes.length, IfNoneMatch: ifNoneMatch }));
      },
      async abort() {},
    };
  }
  done.sort((a, b) => a.PartNumber! - b.PartNumber!);
  return {
    multipart: true,
    async commit(ifNoneMatch) {
      await client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: done }, IfNoneMatch: ifNoneMatch }));
    },
    abort,
  };
}
