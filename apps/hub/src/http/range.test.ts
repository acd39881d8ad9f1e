import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isHubError } from '../errors.js';
import { parseRange } from './range.js';

test('Range headers: the forms git-lfs and browsers send', () => {
  assert.equal(parseRange(undefined, 10), undefined);
  assert.deepEqual(parseRange('bytes=0-', 10), { start: 0, end: 10 });
  assert.deepEqual(parseRange('bytes=3-5', 10), { start: 3, end: 6 });
  assert.deepEqual(parseRange('bytes=3-500', 10), { start: 3, end: 10 });
  assert.deepEqual(parseRange('bytes=-4', 10), { start: 6, end: 10 });
  assert.deepEqual(parseRange('bytes=-40', 10), { start: 0, end: 10 });
  assert.equal(parseRange('bytes=0-1,4-5', 10), undefined, 'several ranges: the whole object');
});

test('Range headers: outside the object is 416, nonsense is 400', () => {
  for (const h of ['bytes=10-', 'bytes=10-20', 'bytes=-0']) assert.throws(() => parseRange(h, 10), (e) => isHubError(e, 'ERANGE'), h);
  assert.throws(() => parseRange('bytes=0-', 0), (e) => isHubError(e, 'ERANGE'));
  for (const h of ['bytes=zz', 'items=0-1', 'bytes=5-3', 'bytes=-', 'bytes=99999999999999999-']) {
    assert.throws(() => parseRange(h, 10), (e) => isHubError(e), h);
  }
});
