import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settingsFromEnv } from './config.js';
import { openStorage } from './open-storage.js';

test('settings from the environment, with SPEC §5 defaults', () => {
  assert.deepEqual(settingsFromEnv({}, '/srv'), { port: 4747, host: '127.0.0.1', data: '/srv/.xetcache-hub', storage: undefined, adminToken: undefined, publicUrl: undefined });
  const s = settingsFromEnv({ XETCACHE_HUB_PORT: '0', XETCACHE_HUB_DATA: 'd', XETCACHE_HUB_STORAGE: '/blobs', XETCACHE_ADMIN_TOKEN: 'xct_admin_x', XETCACHE_HUB_PUBLIC_URL: 'https://hub.example.com/' }, '/srv');
  assert.deepEqual(s, { port: 0, host: '127.0.0.1', data: '/srv/d', storage: '/blobs', adminToken: 'xct_admin_x', publicUrl: 'https://hub.example.com' });
  for (const port of ['-1', '65536', '47a', '']) if (port) assert.throws(() => settingsFromEnv({ XETCACHE_HUB_PORT: port }, '/'), /port/);
  assert.throws(() => settingsFromEnv({ XETCACHE_HUB_PUBLIC_URL: 'ftp://x' }, '/'), /http/);
  assert.throws(() => settingsFromEnv({ XETCACHE_HUB_PUBLIC_URL: 'not a url' }, '/'), /http/);
});

test('storage: S3 is refused with a message until it is built', async () => {
  await assert.rejects(openStorage('s3://bucket/prefix', '/tmp/x'), /S3 storage/);
  await assert.rejects(openStorage('gs://bucket', '/tmp/x'), /unknown storage/);
});
