import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Request } from 'express';
import { baseUrl, lfsUrl } from './links.js';

const request = (headers: Record<string, string>) => ({ get: (name: string) => headers[name.toLowerCase()] }) as unknown as Request;

test('links: XETCACHE_HUB_PUBLIC_URL first, then X-Forwarded-*, then Host', () => {
  assert.equal(baseUrl(request({ host: 'a:1' }), 'https://hub.example.com/'), 'https://hub.example.com');
  assert.equal(baseUrl(request({ host: '127.0.0.1:4747' }), undefined), 'http://127.0.0.1:4747');
  assert.equal(baseUrl(request({ host: 'internal:4747', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'hub.example.com' }), undefined), 'https://hub.example.com');
  assert.equal(baseUrl(request({ host: 'h', 'x-forwarded-proto': 'https, http', 'x-forwarded-host': 'a.example, b.example' }), undefined), 'https://a.example');
  assert.equal(baseUrl(request({ host: '[::1]:4747' }), undefined), 'http://[::1]:4747');
  assert.equal(lfsUrl('http://h', { owner: 'alice', name: 'models' }), 'http://h/alice/models.git/info/lfs');
});

test('links: a Host or forwarded value that is not a host is not echoed', () => {
  assert.equal(baseUrl(request({ host: 'evil.example/x?y', 'x-forwarded-proto': 'javascript' }), undefined), 'http://127.0.0.1');
  assert.equal(baseUrl(request({ host: 'ok.example', 'x-forwarded-host': 'bad host\r\nx: y' }), undefined), 'http://ok.example');
});
