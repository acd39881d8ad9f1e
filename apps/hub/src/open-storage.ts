// The storage a hub runs on, from its setting (SPEC §5): a directory (the data directory's
// `storage/` by default), or S3 and S3-compatible services as `s3://bucket/prefix` with the
// standard AWS_* variables. S3 is probed at open, so a wrong bucket or key is a message at start.

import { join, resolve } from 'node:path';
import { HubError } from './errors.js';
import { openFsBlobStore } from './storage/fs.js';
import type { BlobStore } from './storage/port.js';
import { openS3BlobStore } from './storage/s3.js';
import { isS3Url, s3SettingsFromEnv } from './storage/s3-settings.js';

export interface OpenStorageOptions {
  /** fsync stored files (a directory only; default true). */
  durable?: boolean;
  /** Where AWS_* come from. */
  env?: Record<string, string | undefined>;
  log?: (line: string) => void;
}

/** Refuse a setting that names no storage this hub has, before anything is opened. */
export function checkStorageSetting(setting: string | undefined, env: Record<string, string | undefined> = {}): void {
  if (!setting) return;
  if (isS3Url(setting)) s3SettingsFromEnv(setting, env);
  else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(setting)) throw new HubError('EBADREQUEST', `unknown storage ${JSON.stringify(setting)}: use a directory or s3://bucket/prefix`);
}

export async function openStorage(setting: string | undefined, dataDir: string, options: OpenStorageOptions = {}): Promise<BlobStore> {
  checkStorageSetting(setting, options.env);
  if (setting && isS3Url(setting)) return openS3BlobStore({ ...s3SettingsFromEnv(setting, options.env ?? {}), log: options.log });
  return openFsBlobStore(setting ? resolve(setting) : join(dataDir, 'storage'), { durable: options.durable });
}
