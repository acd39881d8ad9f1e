import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainMiss } from './explain.js';
import type { MemoKeyParts } from './memo-key.js';
import { memoKey } from './memo-key.js';
import { blockKey } from './block-key.js';
import { testHash } from './testing/hash.js';

const parts = (over: Partial<MemoKeyParts> = {}): MemoKeyParts => ({
  fnName: 'train',
  fnHash: 'f1',
  version: '1',
  argHashes: ['a1', 'a2', 'a3'],
  ...over,
});

test('one sentence per kind of change', () => {
  assert.equal(explainMiss(parts(), undefined), 'no earlier entry for this function');
  assert.equal(explainMiss(parts({ fnHash: 'f2' }), parts()), "the function's source changed");
  assert.equal(explainMiss(parts({ version: '2' }), parts()), 'version changed from 1 to 2');
  assert.equal(explainMiss(parts({ version: '' }), parts()), 'version changed from 1 to (none)');
  assert.equal(explainMiss(parts({ argHashes: ['a1', 'x', 'a3'] }), parts()), 'argument 2 changed');
  assert.equal(explainMiss(parts({ argHashes: ['x', 'a2', 'y'] }), parts()), 'arguments 1 and 3 changed');
  assert.equal(explainMiss(parts({ argHashes: ['x', 'y', 'z'] }), parts()), 'arguments 1, 2 and 3 changed');
  assert.equal(explainMiss(parts(), parts({ argHashes: ['a1', 'a2'] })), 'called with 3 arguments, last time 2');
  assert.equal(explainMiss(parts({ argHashes: ['a1'] }), parts()), 'called with 1 argument, last time 3');
  assert.equal(
    explainMiss(parts({ fnName: 'fit', fnHash: 'f2' }), parts()),
    "the function's name changed from train to fit",
  );
  assert.equal(
    explainMiss(parts({ version: '2', fnHash: 'f2', argHashes: ['a1', 'a2', 'x'] }), parts()),
    "version changed from 1 to 2; the function's source changed; argument 3 changed",
  );
  assert.equal(
    explainMiss(parts(), parts()),
    'nothing changed since the last entry; it may have expired or been deleted',
  );
});

test('from real keys', () => {
  const fit = (data: number[], rate: number) => data.length * rate;
  const parts = (fn: Function, rate: number, version: number) =>
    memoKey(fn, [[1, 2], rate], { hash: testHash, version, name: 'fit' }).parts;
  const last = parts(fit, 0.1, 1);
  assert.equal(explainMiss(parts(fit, 0.2, 1), last), 'argument 2 changed');
  assert.equal(explainMiss(parts(fit, 0.1, 2), last), 'version changed from 1 to 2');
  const edited = (data: number[], rate: number) => data.length * rate * 2;
  assert.equal(explainMiss(parts(edited, 0.1, 1), last), "the function's source changed");
});

test('blocks speak of inputs by name', () => {
  const compute = () => ({});
  const last = blockKey(compute, { df: [1], rate: 0.1 }, { hash: testHash }).parts;
  const now = (inputs: Record<string, unknown>) => blockKey(compute, inputs, { hash: testHash }).parts;
  assert.equal(explainMiss(now({ df: [2], rate: 0.1 }), last), 'input df changed');
  assert.equal(explainMiss(now({ df: [2], rate: 0.2 }), last), 'inputs df and rate changed');
  assert.equal(explainMiss(now({ df: [1], rate: 0.1, seed: 1 }), last), 'input seed added');
  assert.equal(explainMiss(now({ df: [3] }), last), 'input rate removed; input df changed');
});
