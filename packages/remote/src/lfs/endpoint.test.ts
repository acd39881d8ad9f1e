import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lfsEndpoint } from './endpoint.js';
import { lfsUrlFromConfig, parseGitConfig } from './lfsconfig.js';
import { RemoteError } from '../errors.js';

test('remote URL + .git/info/lfs, or /info/lfs after .git (the server discovery doc)', () => {
  assert.equal(lfsEndpoint('https://git-server.com/foo/bar'), 'https://git-server.com/foo/bar.git/info/lfs');
  assert.equal(lfsEndpoint('https://git-server.com/foo/bar.git'), 'https://git-server.com/foo/bar.git/info/lfs');
  assert.equal(lfsEndpoint('https://git-server.com/foo/bar/'), 'https://git-server.com/foo/bar.git/info/lfs');
  assert.equal(lfsEndpoint('http://127.0.0.1:4747/alice/p.git'), 'http://127.0.0.1:4747/alice/p.git/info/lfs');
});

test('SSH remotes map to https on the same host', () => {
  assert.equal(lfsEndpoint('git@git-server.com:foo/bar.git'), 'https://git-server.com/foo/bar.git/info/lfs');
  assert.equal(lfsEndpoint('ssh://git-server.com/foo/bar.git'), 'https://git-server.com/foo/bar.git/info/lfs');
  assert.equal(lfsEndpoint('ssh://git@git-server.com:2222/foo/bar'), 'https://git-server.com/foo/bar.git/info/lfs');
});

test('an explicit LFS URL overrides the guess', () => {
  assert.equal(lfsEndpoint('https://git-server.com/foo/bar', { lfsUrl: 'https://lfs.example.com/foo/bar/' }), 'https://lfs.example.com/foo/bar');
});

test('user info never makes it into the endpoint', () => {
  assert.equal(lfsEndpoint('https://alice:secret@git-server.com/foo/bar'), 'https://git-server.com/foo/bar.git/info/lfs');
  assert.equal(lfsEndpoint('x', { lfsUrl: 'https://alice:secret@lfs.example.com/x' }), 'https://lfs.example.com/x');
});

test('remotes with no LFS server over HTTP are refused', () => {
  for (const bad of ['/srv/repo.git', 'file:///srv/repo.git', 'ftp://host/x', 'not a url']) {
    assert.throws(() => lfsEndpoint(bad), (err: RemoteError) => err.code === 'EINVAL', bad);
  }
});

test('.lfsconfig: lfs.url, per-remote lfsurl, push URLs for uploads, in git-lfs order', () => {
  const text = [
    '# committed by xetcache',
    '[lfs]',
    '\turl = "http://hub:4747/alice/p.git/info/lfs" ; the hub',
    '[remote "origin"]',
    '\tlfsurl = http://other/origin',
    '[remote "mirror"]',
    '  lfsurl = http://other/mirror',
    '  lfspushurl = http://other/mirror-push',
  ].join('\n');
  assert.equal(lfsUrlFromConfig(text), 'http://hub:4747/alice/p.git/info/lfs');
  assert.equal(lfsUrlFromConfig('[remote "mirror"]\n lfsurl = http://m\n lfspushurl = http://mp\n', { remote: 'mirror' }), 'http://m');
  assert.equal(lfsUrlFromConfig('[remote "mirror"]\n lfsurl = http://m\n lfspushurl = http://mp\n', { remote: 'mirror', operation: 'upload' }), 'http://mp');
  assert.equal(lfsUrlFromConfig('[LFS]\n URL = http://a\n pushurl = http://b\n', { operation: 'upload' }), 'http://b');
  assert.equal(lfsUrlFromConfig('[core]\n bare = true\n'), undefined);
  assert.equal(parseGitConfig(text).get('remote.origin.lfsurl'), 'http://other/origin');
});
