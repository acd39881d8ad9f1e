// createLfsClient(deps): the LFS operations bound to one server and one HTTP client.

import { batch } from './batch.js';
import { lfsContext, type LfsClientDeps } from './context.js';
import { download } from './download.js';
import { downloadObjects, uploadObjects, type ManyOptions, type ObjectResult } from './transfer-many.js';
import { upload, type TransferOptions, type UploadResult, type UploadSource } from './upload.js';
import type { BatchOptions, BatchResult, LfsObject, LfsOperation } from './types.js';

export interface LfsClient {
  /** The LFS server URL in use. */
  readonly endpoint: string;
  batch(operation: LfsOperation, objects: LfsObject[], options?: BatchOptions): Promise<BatchResult>;
  upload(object: LfsObject, source: UploadSource, options?: TransferOptions): Promise<UploadResult>;
  /** A stream of the object's bytes that fails with EINTEGRITY unless they are the object's. */
  download(object: LfsObject, options?: TransferOptions): AsyncGenerator<Uint8Array>;
  uploadObjects(items: Array<{ object: LfsObject; source: UploadSource }>, options?: ManyOptions): Promise<ObjectResult[]>;
  downloadObjects(
    objects: LfsObject[],
    sink: (object: LfsObject, stream: AsyncIterable<Uint8Array>) => Promise<void>,
    options?: ManyOptions,
  ): Promise<ObjectResult[]>;
}

export function createLfsClient(deps: LfsClientDeps): LfsClient {
  const ctx = lfsContext(deps);
  return {
    endpoint: ctx.endpoint,
    batch: (operation, objects, options) => batch(ctx, operation, objects, options),
    upload: (object, source, options) => upload(ctx, object, source, options),
    download: (object, options) => download(ctx, object, options),
    uploadObjects: (items, options) => uploadObjects(ctx, items, options),
    downloadObjects: (objects, sink, options) => downloadObjects(ctx, objects, sink, options),
  };
}
