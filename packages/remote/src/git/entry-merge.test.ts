import { test } from 'node:test';
import assert from 'node:assert/strict';
import { entryFile, isEntryDir, mergeEntry, winner } from './entry-merge.js';

const meta = (createdAt: string, oid: string, extra = '') => JSON.stringify({ createdAt, oid, extra });

test('the later createdAt wins, whichever side it is on', () => {
  const early = meta('2026-01-01T00:00:00.000Z', 'sha256:ff');
  const late = meta('2026-01-01T00:00:00.001Z', 'sha256:00');
  assert.equal(winner(early, late), 1);
  assert.equal(winner(late, early), 0);
});

test('equal times go to the greater oid, then to the greater text', () => {
  const a = meta('2026-01-01T00:00:00.000Z', 'sha256:01');
  const b = meta('2026-01-01T00:00:00.000Z', 'sha256:02');
  assert.equal(winner(a, b), 1);
  assert.equal(winner(b, a), 0);
  const c = meta('2026-01-01T00:00:00.000Z', 'sha256:02', 'z');
  assert.equal(winner(b, c), 1);
  assert.equal(winner(c, b), 0);
});

test('a damaged meta.json loses to a readable one', () => {
  const good = meta('2026-01-01T00:00:00.000Z', 'sha256:01');
  assert.equal(winner('{not json', good), 1);
  assert.equal(winner(good, '{not json'), 0);
});

test('entry files are recognised by path', () => {
  assert.deepEqual(entryFile(`entries/ab/${'c'.repeat(62)}/value`), { dir: `entries/ab/${'c'.repeat(62)}`, file: 'value' });
  assert.equal(entryFile('.gitattributes'), undefined);
  assert.equal(entryFile('entries/ab/x/meta.json'), undefined);
});

test('a changed entry beats a deletion, on either side', () => {
  const kept = { meta: meta('2020-01-01T00:00:00.000Z', 'sha256:01') };
  assert.equal(mergeEntry(undefined, kept), 1);
  assert.equal(mergeEntry(kept, undefined), 0);
});

test('two versions with the same meta.json go to the greater id, whichever side', () => {
  const text = meta('2026-01-01T00:00:00.000Z', 'sha256:01');
  assert.equal(mergeEntry({ meta: text, id: 'b' }, { meta: text, id: 'a' }), 0);
  assert.equal(mergeEntry({ meta: text, id: 'a' }, { meta: text, id: 'b' }), 1);
});

test('entry directories are recognised by path', () => {
  assert.ok(isEntryDir(`entries/ab/${'c'.repeat(62)}`));
  assert.ok(!isEntryDir('entries/ab'));
  assert.ok(!isEntryDir(`entries/ab/${'c'.repeat(62)}/meta.json`));
});
