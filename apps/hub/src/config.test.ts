import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settingsFromEnv } from './config.js';
import { isHubError } from './errors.js';
import { openStorage } from './open-storage.js';
import { s3SettingsFromEnv } from './storage/s3-settings.js';

test('settings from the environment, with SPEC §5 defaults', () => {
  assert.deepEqual(settingsFromEnv({}, '/srv'), { port: 4747, host: '127.0.0.1', data: '/srv/.xetcache-hub', storage: undefined, adminToken: undefined, publicUrl: undefined });
  const s = settingsFromEnv({ XETCACHE_HUB_PORT: '0', XETCACHE_HUB_DATA: 'd', XETCACHE_HUB_STORAGE: '/blobs', XETCACHE_ADMIN_TOKEN: 'xct_admin_x', XETCACHE_HUB_PUBLIC_URL: 'https://hub.example.com/' }, '/srv');
  assert.deepEqual(s, { port: 0, host: '127.0.0.1', data: '/srv/d', storage: '/blobs', adminToken: 'xct_admin_x', publicUrl: 'https://hub.example.com' });
  for (const port of ['-1', '65536', '47a', '']) if (port) assert.throws(() => settingsFromEnv({ XETCACHE_HUB_PORT: port }, '/'), /port/);
  assert.throws(() => settingsFromEnv({ XETCACHE_HUB_PUBLIC_URL: 'ftp://x' }, '/'), /http/);
  assert.throws(() => settingsFromEnv({ XETCACHE_HUB_PUBLIC_URL: 'not a url' }, '/'), /http/);
});

test('storage: s3://bucket/prefix with the AWS_* variables; an endpoint means path-style', () => {
  const env = { XETCACHE_HUB_STORAGE: 's3://team-cache/hub/v', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'eu-west-1' };
  assert.equal(settingsFromEnv(env, '/srv').storage, 's3://team-cache/hub/v');
  assert.deepEqual(s3SettingsFromEnv('s3://team-cache/hub/v/', env), {
    bucket: 'team-cache',
    prefix: 'hub/v',
    endpoint: undefined,
    region: 'eu-west-1',
    forcePathStyle: false,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  });
  const compatible = s3SettingsFromEnv('s3://bucket', { AWS_ENDPOINT_URL: 'http://127.0.0.1:9000/', AWS_SESSION_TOKEN: 'ignored without keys' });
  assert.deepEqual(compatible, { bucket: 'bucket', prefix: '', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', forcePathStyle: true, credentials: undefined });
  assert.equal(s3SettingsFromEnv('s3://bucket', { AWS_ENDPOINT_URL: 'http://a', AWS_ENDPOINT_URL_S3: 'http://b', AWS_DEFAULT_REGION: 'r' }).endpoint, 'http://b');
  assert.equal(s3SettingsFromEnv('s3://bucket', { AWS_DEFAULT_REGION: 'ap-south-1' }).region, 'ap-south-1');
  assert.equal(s3SettingsFromEnv('s3://bucket', { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_SESSION_TOKEN: 't' }).credentials?.sessionToken, 't');
});

test('storage: bad settings are one clear message at start', async () => {
  const bad: Array<[Record<string, string>, RegExp]> = [
    [{ XETCACHE_HUB_STORAGE: 's3://' }, /not a bucket name/],
    [{ XETCACHE_HUB_STORAGE: 's3://Upper_Case' }, /not a bucket name/],
    [{ XETCACHE_HUB_STORAGE: 's3://bucket/../x' }, /prefix/],
    [{ XETCACHE_HUB_STORAGE: 's3://bucket/a//b' }, /prefix/],
    [{ XETCACHE_HUB_STORAGE: 's3://bucket', AWS_ACCESS_KEY_ID: 'only-the-id' }, /AWS_SECRET_ACCESS_KEY is not set/],
    [{ XETCACHE_HUB_STORAGE: 's3://bucket', AWS_ENDPOINT_URL: 'minio:9000' }, /AWS_ENDPOINT_URL must be an http\(s\) URL/],
    [{ XETCACHE_HUB_STORAGE: 'gs://bucket' }, /unknown storage/],
  ];
  for (const [env, message] of bad) {
    assert.throws(() => settingsFromEnv(env, '/srv'), (err) => isHubError(err, 'EBADREQUEST') && message.test(err.message), JSON.stringify(env));
    await assert.rejects(openStorage(env.XETCACHE_HUB_STORAGE, '/tmp/x', { env }), message);
  }
});
