import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isHubError } from './errors.js';
import { checkName, checkOid, checkSize, parseProjectName, parseSize } from './names.js';

test('names: lowercase letters, digits and . _ -, never a path', () => {
  for (const ok of ['alice', 'a', 'team-1', 'my.models', 'x_y', '0day']) assert.equal(checkName('project', ok), ok);
  for (const bad of ['', '.', '..', '.hidden', 'a/b', 'a\\b', 'Alice', 'a..b', 'x.git', '-x', 'x-', 'a b', 'a\0', 'é', 'x'.repeat(65), 42, null]) {
    assert.throws(() => checkName('project', bad), (e) => isHubError(e, 'EBADREQUEST'), String(bad));
  }
  assert.throws(() => checkName('user', 'api'), /reserved/);
  assert.equal(checkName('project', 'api'), 'api');
  assert.deepEqual(parseProjectName('alice/models'), { owner: 'alice', name: 'models' });
  for (const bad of ['alice', 'a/b/c', '../x', 'alice/..', '/x', 'x/']) assert.throws(() => parseProjectName(bad), String(bad));
});

test('oids and sizes', () => {
  const oid = 'a'.repeat(64);
  assert.equal(checkOid(oid), oid);
  for (const bad of ['A'.repeat(64), 'a'.repeat(63), `${oid}\n`, '../x', 7]) assert.throws(() => checkOid(bad), String(bad));
  assert.equal(checkSize(0, 10), 0);
  for (const bad of [-1, 1.5, NaN, Infinity, '3', 11, 2 ** 60]) assert.throws(() => checkSize(bad, 10), String(bad));
  assert.equal(parseSize('10', 10), 10);
  for (const bad of ['-1', '1e3', '0x10', '', ' 1', '99999999999999999']) assert.throws(() => parseSize(bad, 1e15), bad);
});
