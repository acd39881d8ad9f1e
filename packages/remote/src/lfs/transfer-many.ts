// Many objects at once, as `git lfs push` and `pull` move them: one batch request per 100
// objects, then up to `parallel` transfers at a time. One object failing does not stop the
// others; its result says why. A failure of a batch request itself (credentials, server down)
// is thrown, since no object could be moved.

import { createSemaphore } from '../http/semaphore.js';
import { batch } from './batch.js';
import type { LfsContext } from './context.js';
import { download } from './download.js';
import { BatchProgressTracker } from './progress.js';
import { upload, type UploadSource } from './upload.js';
import type { BatchProgress, LfsObject } from './types.js';

export interface ManyOptions {
  ref?: string;
  signal?: AbortSignal;
  onProgress?: (progress: BatchProgress) => void;
}

export interface ObjectResult {
  oid: string;
  size: number;
  /** transferred: sent or received; present: the server already had it (uploads); failed: see error. */
  status: 'transferred' | 'present' | 'failed';
  /** A RemoteError, or whatever the sink threw. */
  error?: Error;
}

async function runAll<T>(ctx: LfsContext, items: T[], work: (item: T) => Promise<void>): Promise<void> {
  const slots = createSemaphore(ctx.parallel);
  await Promise.all(
    items.map(async (item) => {
      const release = await slots.acquire();
      try {
        await work(item);
      } finally {
        release();
      }
    }),
  );
}

const total = (objects: LfsObject[]) => objects.reduce((sum, o) => sum + o.size, 0);

export async function uploadObjects(ctx: LfsContext, items: Array<{ object: LfsObject; source: UploadSource }>, options: ManyOptions = {}): Promise<ObjectResult[]> {
  const objects = items.map((i) => i.object);
  const tracker = new BatchProgressTracker(total(objects), objects.length, options.onProgress);
  const { objects: answers } = await batch(ctx, 'upload', objects, options);
  const sources = new Map(items.map((i) => [i.object.oid, i.source]));
  const results: ObjectResult[] = [];
  await runAll(ctx, answers, async (item) => {
    const result: ObjectResult = { oid: item.oid, size: item.size, status: 'failed' };
    try {
      const { uploaded } = await upload(ctx, item, sources.get(item.oid)!, { ...options, item, onProgress: tracker.forObject() });
      result.status = uploaded ? 'transferred' : 'present';
    } catch (err) {
      result.error = err as Error;
    }
    results.push(result);
    tracker.objectDone();
  });
  return order(answers, results);
}

/** Downloads each object into `sink`, which must consume the stream; a sink that throws fails that object. */
export async function downloadObjects(
  ctx: LfsContext,
  objects: LfsObject[],
  sink: (object: LfsObject, stream: AsyncIterable<Uint8Array>) => Promise<void>,
  options: ManyOptions = {},
): Promise<ObjectResult[]> {
  const tracker = new BatchProgressTracker(total(objects), objects.length, options.onProgress);
  const { objects: answers } = await batch(ctx, 'download', objects, options);
  const results: ObjectResult[] = [];
  await runAll(ctx, answers, async (item) => {
    const result: ObjectResult = { oid: item.oid, size: item.size, status: 'failed' };
    try {
      const object = { oid: item.oid, size: item.size };
      await sink(object, download(ctx, object, { ...options, item, onProgress: tracker.forObject() }));
      result.status = 'transferred';
    } catch (err) {
      result.error = err as Error;
    }
    results.push(result);
    tracker.objectDone();
  });
  return order(answers, results);
}

function order(answers: Array<{ oid: string }>, results: ObjectResult[]): ObjectResult[] {
  const byOid = new Map(results.map((r) => [r.oid, r]));
  return answers.map((a) => byOid.get(a.oid)!);
}
