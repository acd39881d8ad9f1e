import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRetryAfter } from './retry-after.js';

const now = Date.parse('2024-05-01T12:00:00Z');

test('seconds', () => {
  assert.equal(parseRetryAfter('0', now), 0);
  assert.equal(parseRetryAfter('7', now), 7000);
  assert.equal(parseRetryAfter(' 120 ', now), 120_000);
});

test('an HTTP date, in each of its three forms', () => {
  assert.equal(parseRetryAfter('Wed, 01 May 2024 12:00:30 GMT', now), 30_000);
  assert.equal(parseRetryAfter('Wednesday, 01-May-24 12:00:30 GMT', now), 30_000);
  assert.equal(parseRetryAfter('Wed May  1 12:00:30 2024', now), 30_000);
});

test('a date in the past means now', () => {
  assert.equal(parseRetryAfter('Wed, 01 May 2024 11:00:00 GMT', now), 0);
});

test('anything else is no Retry-After', () => {
  for (const v of [null, undefined, '', 'soon', '1.5', '-3', '2024-05-01']) assert.equal(parseRetryAfter(v, now), undefined, String(v));
});
