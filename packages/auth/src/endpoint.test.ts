import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_ENDPOINT, normalizeEndpoint, profileName, sameEndpoint } from './endpoint.js';

test('profile names are the host and port with everything but letters and digits removed', () => {
  assert.equal(profileName('http://127.0.0.1:4747'), '1270014747');
  assert.equal(profileName('http://127.0.0.1:4747/'), '1270014747');
  assert.equal(profileName('https://hub.example.com'), 'hubexamplecom');
  assert.equal(profileName('https://hub.example.com:8443/prefix'), 'hubexamplecom8443');
  assert.equal(profileName('xethub.com'), 'xethubcom');
});

test('endpoints compare with trailing slashes aside', () => {
  assert.ok(sameEndpoint('http://127.0.0.1:4747', 'http://127.0.0.1:4747/'));
  assert.ok(sameEndpoint('https://hub.example.com//', 'hub.example.com'));
  assert.ok(!sameEndpoint('http://127.0.0.1:4747', 'http://127.0.0.1:4748'));
  assert.ok(!sameEndpoint('http://hub', 'https://hub'));
  assert.equal(normalizeEndpoint(' http://h:1/x/ '), 'http://h:1/x');
  assert.equal(DEFAULT_ENDPOINT, 'http://127.0.0.1:4747');
});

test('an endpoint with credentials in it is refused without repeating them', () => {
  assert.throws(() => normalizeEndpoint('https://alice:s3cret-token@hub.example.com'), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'EINVAL');
    assert.ok(!err.message.includes('s3cret-token'));
    return true;
  });
  assert.throws(() => normalizeEndpoint('ftp://hub'), /not http or https/);
  assert.throws(() => normalizeEndpoint('http://'), /not a URL/);
});
