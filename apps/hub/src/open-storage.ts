// The storage a hub runs on, from its setting: a directory (the data directory's `storage/` by
// default). S3 (`s3://bucket/prefix`) is named by SPEC §5 and not built yet.

import { join, resolve } from 'node:path';
import { HubError } from './errors.js';
import { openFsBlobStore } from './storage/fs.js';
import type { BlobStore } from './storage/port.js';

export async function openStorage(setting: string | undefined, dataDir: string, options: { durable?: boolean } = {}): Promise<BlobStore> {
  if (setting && /^[a-z][a-z0-9+.-]*:\/\//i.test(setting)) {
    if (setting.startsWith('s3://')) throw new HubError('EBADREQUEST', 'S3 storage (s3://) is not available in this version of the hub; use a directory');
    throw new HubError('EBADREQUEST', `unknown storage ${JSON.stringify(setting)}: use a directory`);
  }
  return openFsBlobStore(setting ? resolve(setting) : join(dataDir, 'storage'), options);
}
