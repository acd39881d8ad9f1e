// The storage port on S3 or an S3-compatible service. A key is an object under the prefix; a
// put is one PutObject or a multipart upload completed only once the whole body is in, so
// readers never see part of a blob; gets are ranged GETs streamed as they arrive.
//
// ifAbsent is `If-None-Match: *`, which S3 enforces since 2024: the service itself lets one of
// two racing writers win, whichever hub they come from. Opening the store probes whether the
// service enforces it; where it does not (s3rver, older S3-compatible servers), ifAbsent holds
// between the writers of this process only (a HEAD under a per-key lock), and a warning says so.

import { randomBytes } from 'node:crypto';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { checkKey, checkPrefix, isKey } from './keys.js';
import type { BlobStore } from './port.js';
import { isConditionalConflict, isMissing, isNotImplemented, isPreconditionFailed, isRangeNotSatisfiable, startupError, statusOf, storageError } from './s3-errors.js';
import { describeS3, type S3Settings } from './s3-settings.js';
import { stageUpload, type StagedUpload, type UploadTuning } from './s3-upload.js';

/** What the service does with `If-None-Match: *` on a write, as probed at open. */
export type ConditionalWrites = 'enforced' | 'ignored' | 'unsupported';

export interface S3BlobStoreOptions extends S3Settings, Partial<UploadTuning> {
  /** Where the warning goes when the service does not enforce conditional writes. */
  log?: (line: string) => void;
}

export interface S3BlobStore extends BlobStore {
  readonly conditionalWrites: ConditionalWrites;
  /** Close the client's connections. */
  destroy(): void;
}

export const DEFAULT_PART_SIZE = 8 * 1024 * 1024;
export const DEFAULT_QUEUE_SIZE = 4;
const MIN_PART_SIZE = 5 * 1024 * 1024;
const CONFLICT_RETRIES = 4;

const empty = (): AsyncIterable<Uint8Array> => (async function* () {})();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createS3Client(s: S3Settings): S3Client {
  const client = new S3Client({
    region: s.region,
    endpoint: s.endpoint,
    forcePathStyle: s.forcePathStyle,
    credentials: s.credentials,
    // Checksums only where S3 requires them: S3-compatible servers differ in the newer ones, and
    // the hub checks what it reads itself (chunk hashes, checksummed indexes and manifests).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 120_000 },
    // Parts go on kept-alive connections: no extra connection per part to wait for 100-continue.
    expectContinueHeader: false,
  });
  // The HTTP layer keeps the last request of an idle connection reachable, body and all: drop
  // the body once an attempt is over, or every pooled connection holds a part (a retry signs the
  // request again from the original, which keeps its body).
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } finally {
        const request = args.request as { body?: unknown };
        if (request && typeof request === 'object') request.body = undefined;
      }
    },
    { step: 'deserialize', name: 'xetcacheReleaseRequestBody' },
  );
  return client;
}

/** Does the service refuse a second `If-None-Match: *` write? Also proves the bucket, the credentials and the rights to write, list and delete. */
async function probe(client: S3Client, bucket: string, base: string): Promise<ConditionalWrites> {
  // A key no layout key can be (they never start with a dot), and that list() never shows.
  const Key = `${base}.probe-${randomBytes(8).toString('hex')}`;
  const put = (IfNoneMatch?: '*') => client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: new Uint8Array([1]), ContentLength: 1, IfNoneMatch }));
  let answer: ConditionalWrites;
  try {
    await put('*');
    try {
      await put('*');
      answer = 'ignored';
    } catch (err) {
      if (!isPreconditionFailed(err) && !isConditionalConflict(err)) throw err;
      answer = 'enforced';
    }
  } catch (err) {
    if (!isNotImplemented(err) && statusOf(err) !== 400) throw err;
    await put();
    answer = 'unsupported';
  }
  await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: base, MaxKeys: 1 }));
  await client.send(new DeleteObjectCommand({ Bucket: bucket, Key }));
  return answer;
}

export async function openS3BlobStore(options: S3BlobStoreOptions): Promise<S3BlobStore> {
  const bucket = options.bucket;
  const base = options.prefix ? `${options.prefix}/` : '';
  const tuning: UploadTuning = { partSize: Math.max(MIN_PART_SIZE, options.partSize ?? DEFAULT_PART_SIZE), queueSize: Math.max(1, options.queueSize ?? DEFAULT_QUEUE_SIZE) };
  const log = options.log ?? (() => undefined);
  const where = describeS3(options);
  const client = createS3Client(options);

  let conditionalWrites: ConditionalWrites;
  try {
    conditionalWrites = await probe(client, bucket, base);
  } catch (err) {
    client.destroy();
    throw startupError(where, options.endpoint, err);
  }
  if (conditionalWrites !== 'enforced') {
    log(
      `storage ${where}: this service ${conditionalWrites === 'ignored' ? 'ignores' : 'refuses'} If-None-Match on writes, so creating a user, ` +
        'project or lock is exclusive only within this hub process: run one hub on this bucket, or use a service that enforces conditional writes (S3 does)',
    );
  }

  const objectKey = (key: string) => base + checkKey(key);

  async function head(Key: string): Promise<{ size: number } | undefined> {
    try {
      const r = await client.send(new HeadObjectCommand({ Bucket: bucket, Key }));
      return { size: r.ContentLength ?? 0 };
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  }

  // Per-key turns for ifAbsent where the service does not enforce it.
  const turns = new Map<string, Promise<unknown>>();
  async function inTurn<T>(Key: string, fn: () => Promise<T>): Promise<T> {
    const mine = (turns.get(Key) ?? Promise.resolve()).then(fn);
    const tail = mine.catch(() => undefined);
    turns.set(Key, tail);
    try {
      return await mine;
    } finally {
      if (turns.get(Key) === tail) turns.delete(Key);
    }
  }

  /** Commit only if nothing is at the key: false when something is. */
  async function commitIfAbsent(Key: string, staged: StagedUpload): Promise<boolean> {
    const attempt = async (): Promise<boolean> => {
      for (let i = 0; ; i++) {
        try {
          await staged.commit(conditionalWrites === 'unsupported' ? undefined : '*');
          return true;
        } catch (err) {
          if (isPreconditionFailed(err)) return false;
          // A write or delete of the key raced ours and ours did nothing: whatever is there now decides.
          if (!isConditionalConflict(err) || i + 1 >= CONFLICT_RETRIES) throw err;
          await sleep(20 * 2 ** i);
          if (await head(Key)) return false;
        }
      }
    };
    if (conditionalWrites === 'enforced') return attempt();
    return inTurn(Key, async () => ((await head(Key)) ? false : attempt()));
  }

  return {
    conditionalWrites,
    destroy: () => client.destroy(),

    async put(key, body, putOptions) {
      const Key = objectKey(key);
      let staged: StagedUpload;
      try {
        staged = await stageUpload(client, bucket, Key, body, tuning);
      } catch (err) {
        // A failing body is the caller's error, as it was; S3's are storage errors.
        throw storageError('upload', err);
      }
      let stored = false;
      try {
        if (putOptions?.ifAbsent) {
          stored = await commitIfAbsent(Key, staged);
        } else {
          await staged.commit();
          stored = true;
        }
        return stored;
      } catch (err) {
        throw storageError('put', err);
      } finally {
        if (!stored && staged.multipart) {
          await staged.abort().catch((err) => log(`storage ${where}: aborting a multipart upload failed (${String((err as Error)?.name ?? err)}); a lifecycle rule for incomplete uploads removes its parts`));
        }
      }
    },

    async get(key, range) {
      const Key = objectKey(key);
      try {
        if (range && range.length <= 0) return (await head(Key)) ? empty() : undefined;
        const Range = range ? `bytes=${range.offset}-${range.offset + range.length - 1}` : undefined;
        const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key, Range }));
        return (r.Body as AsyncIterable<Uint8Array> | undefined) ?? empty();
      } catch (err) {
        if (isMissing(err)) return undefined;
        // Past the end: the blob is there, and has nothing there.
        if (range && isRangeNotSatisfiable(err)) return empty();
        throw storageError('GetObject', err);
      }
    },

    async read(key) {
      const Key = objectKey(key);
      try {
        const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key }));
        return r.Body ? await r.Body.transformToByteArray() : new Uint8Array(0);
      } catch (err) {
        if (isMissing(err)) return undefined;
        throw storageError('GetObject', err);
      }
    },

    async stat(key) {
      try {
        return await head(objectKey(key));
      } catch (err) {
        throw storageError('HeadObject', err);
      }
    },

    async *list(prefix) {
      checkPrefix(prefix);
      let ContinuationToken: string | undefined;
      do {
        let page;
        try {
          page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: base + prefix, ContinuationToken }));
        } catch (err) {
          throw storageError('ListObjectsV2', err);
        }
        for (const item of page.Contents ?? []) {
          const key = item.Key?.slice(base.length);
          // Only what the layout can name: not probes, folder markers or strangers' objects.
          if (key && isKey(key)) yield key;
        }
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
    },

    async delete(key) {
      try {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey(key) }));
      } catch (err) {
        if (isMissing(err)) return;
        throw storageError('DeleteObject', err);
      }
    },
  };
}
