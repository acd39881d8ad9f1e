import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as git from 'isomorphic-git';
import { createMemoryProjectFs } from '../project/fs/memory.js';
import { gitFs } from '../project/fs/port.js';
import { openTestCache } from '../testing/cache-fixture.js';
import { seededBytes } from '../testing/random.js';
import { XetcacheError } from '../errors.js';

const ROOT = '/home/u/projects/team/cache';

function clock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let t = start;
  const now = () => t;
  now.advance = (ms: number) => {
    t += ms;
  };
  return now;
}

async function fixture(now = clock()) {
  const fs = createMemoryProjectFs(now);
  return { fs, now, ...(await openTestCache({ fs, root: ROOT, now })) };
}

const log = (fs: ReturnType<typeof createMemoryProjectFs>) => git.log({ fs: gitFs(fs), dir: ROOT });

test('put and get round-trip each built-in serializer, and the artifact has every field', async () => {
  const { cache } = await fixture();
  const bytes = seededBytes(1, 100_000);
  await cache.put('obj', { a: [1, 2, { b: 'c' }] });
  await cache.put('text', 'héllo');
  await cache.put('bytes', bytes, { metadata: { source: 'test' } });
  assert.deepEqual(await cache.get('obj'), { a: [1, 2, { b: 'c' }] });
  assert.equal(await cache.get('text'), 'héllo');
  assert.deepEqual(await cache.get('bytes'), bytes);
  assert.equal(await cache.get('absent'), undefined);
  assert.equal(await cache.has('obj'), true);
  assert.equal(await cache.has('absent'), false);
  assert.deepEqual(await cache.keys(), ['bytes', 'obj', 'text']);
  const art = await cache.getArtifact('bytes');
  assert.ok(art);
  assert.equal(art.serializer, 'bytes');
  assert.equal(art.size, 100_000);
  assert.match(art.oid, /^sha256:[0-9a-f]{64}$/);
  assert.match(art.xetHash, /^[0-9a-f]{64}$/);
  assert.equal(art.createdAt, '2026-01-01T00:00:00.000Z');
  assert.equal(art.expiresAt, null);
  assert.equal(art.producer, 'test@host');
  assert.deepEqual(art.metadata, { source: 'test' });
});

test('any string is a key, and every entry stays under entries/', async () => {
  const { cache, project } = await fixture();
  const keys = ['a/b/../../c', '../../etc/passwd', '', 'ünï/cødé ✓', 'x'.repeat(10_000), '\n\0'];
  for (const [i, key] of keys.entries()) await cache.put(key, i);
  for (const [i, key] of keys.entries()) assert.equal(await cache.get(key), i);
  assert.deepEqual(await cache.keys(), [...keys].sort());
  for (const key of keys) assert.match(project.paths(key).meta, /^entries\/[0-9a-f]{2}\/[0-9a-f]{62}\/meta\.json$/);
});

test('puts are visible at once and committed together on flush, with the keys in the message', async () => {
  const { cache, fs } = await fixture();
  assert.equal((await log(fs)).length, 1);
  await cache.put('one', 1);
  await cache.put('two', 2);
  assert.equal(await cache.get('two'), 2);
  assert.equal((await log(fs)).length, 1, 'nothing committed before flush');
  await cache.flush();
  const commits = await log(fs);
  assert.equal(commits.length, 2);
  assert.match(commits[0]!.commit.message, /^xetcache: put 2\n\nput "one"\nput "two"\n/);
  await cache.flush();
  assert.equal((await log(fs)).length, 2, 'an empty flush makes no commit');
});

test('a put over an existing key replaces it; the old pointer stays in history', async () => {
  const { cache, fs, project } = await fixture();
  await cache.put('k', 'first');
  await cache.flush();
  await cache.put('k', 'second');
  await cache.flush();
  assert.equal(await cache.get('k'), 'second');
  const [latest, previous] = await log(fs);
  const path = project.paths('k').value;
  const read = async (oid: string) =>
    new TextDecoder().decode((await git.readBlob({ fs: gitFs(fs), dir: ROOT, oid, filepath: path })).blob);
  assert.notEqual(await read(latest!.oid), await read(previous!.oid));
  assert.match(await read(previous!.oid), /^version https:\/\/git-lfs.github.com\/spec\/v1\noid sha256:/);
});

test('delete is a dry run unless asked, and reports what goes', async () => {
  const { cache, fs } = await fixture();
  await cache.put('a', 'x'.repeat(10));
  await cache.put('b', 2);
  const dry = await cache.delete(['a', 'nope']);
  assert.equal(dry.dryRun, true);
  assert.deepEqual(dry.entries.map((e) => [e.key, e.size]), [['a', 10]]);
  assert.deepEqual(dry.missing, ['nope']);
  assert.equal(await cache.has('a'), true);
  const real = await cache.delete('a', { dryRun: false });
  assert.equal(real.entries.length, 1);
  assert.equal(await cache.has('a'), false);
  await cache.flush();
  assert.match((await log(fs))[0]!.commit.message, /^xetcache: put 1, delete 1\n\nput "b"\ndelete "a"\n/);
});

test('a ttl expires the entry; gc removes expired entries and then the least recently used', async () => {
  const now = clock();
  const { cache } = await fixture(now);
  await cache.put('short', 'x', { ttl: '1m' });
  await cache.put('old', seededBytes(2, 3000));
  now.advance(1000);
  await cache.put('older-but-used', seededBytes(3, 3000));
  now.advance(1000);
  await cache.put('new', seededBytes(4, 3000));
  now.advance(1000);
  await cache.get('old');
  assert.equal(await cache.get('short'), 'x');
  now.advance(61_000);
  assert.equal(await cache.get('short'), undefined);
  assert.equal(await cache.has('short'), false);
  const dry = await cache.gc({ maxSize: 6000, dryRun: true });
  assert.deepEqual(dry.removed.map((r) => [r.key, r.reason]), [['short', 'expired'], ['older-but-used', 'size']]);
  assert.deepEqual((await cache.keys()).sort(), ['new', 'old', 'older-but-used', 'short']);
  const report = await cache.gc({ maxSize: '6KB', graceMs: 0 });
  assert.deepEqual(report.removed.map((r) => r.key), ['short', 'older-but-used']);
  assert.equal(report.keptEntries, 2);
  assert.ok(report.deletedValues >= 2);
  assert.deepEqual(await cache.keys(), ['new', 'old']);
  assert.equal((await cache.verify()).ok, true);
});

test('gc keeps a value stored a moment ago that no entry names yet (a put between its value and its entry)', async () => {
  const { cache, store } = await fixture();
  await cache.put('kept', seededBytes(5, 3000));
  const orphan = await store.put(seededBytes(6, 3000)); // stored; its entry is not written yet
  const report = await cache.gc();
  assert.equal(report.keptRecentValues, 1);
  assert.equal(report.deletedValues, 0);
  assert.equal(await store.has(orphan.oid), true, 'the value of the put in flight survives');
  const later = await cache.gc({ graceMs: 0 });
  assert.equal(later.deletedValues, 1, 'once past the grace period, an unused value goes');
  assert.equal(await store.has(orphan.oid), false);
  assert.deepEqual(await cache.get('kept'), seededBytes(5, 3000));
});

test('a commit takes only finished entries: files of a put still under way (no pending marker) stay out', async () => {
  const { cache, project, fs } = await fixture();
  await cache.put('done', 'finished');
  // A writer in another process, part way through: its meta.json is written, its marker is not.
  const partial = project.paths('partial');
  await fs.mkdir(`${ROOT}/${partial.meta.slice(0, partial.meta.lastIndexOf('/'))}`, { recursive: true });
  await fs.writeFile(`${ROOT}/${partial.meta}`, '{"half": true');
  await cache.flush();
  const files = await git.listFiles({ fs: gitFs(fs), dir: ROOT, ref: 'HEAD' });
  assert.ok(files.includes(project.paths('done').meta), 'the finished entry is committed');
  assert.ok(!files.some((f) => f.startsWith(partial.meta.slice(0, partial.meta.lastIndexOf('/')))), 'nothing of the unfinished one');
  await cache.flush();
  assert.deepEqual(await git.listFiles({ fs: gitFs(fs), dir: ROOT, ref: 'HEAD' }), files, 'nor later, until its writer marks it');
});

test('stats count logical bytes and the distinct chunks behind them', async () => {
  const { cache } = await fixture();
  const big = seededBytes(5, 200_000);
  await cache.put('copy1', big);
  await cache.put('copy2', big);
  await cache.get('copy1');
  await cache.get('nope');
  const stats = await cache.stats();
  assert.equal(stats.entries, 2);
  assert.equal(stats.logicalBytes, 400_000);
  assert.equal(stats.storedBytes, 200_000);
  assert.equal(stats.hits, 1);
  assert.equal(stats.misses, 1);
});

test('ifAbsent keeps the entry already there, so concurrent writers agree on one value', async () => {
  const { cache } = await fixture();
  const first = await cache.put('k', 'first', { ifAbsent: true });
  const second = await cache.put('k', 'second', { ifAbsent: true });
  assert.equal(second.oid, first.oid);
  assert.equal(await cache.get('k'), 'first');
});

test('an unknown serializer name fails clearly, and so does a value whose serializer is not registered', async () => {
  const { cache, serializers } = await fixture();
  await assert.rejects(cache.put('k', 1, { serializer: 'nope' }), (err: XetcacheError) => err.code === 'ESERIALIZER' && /nope/.test(err.message));
  serializers.register('upper', {
    accepts: (v) => typeof v === 'string',
    serialize: (v) => new TextEncoder().encode(String(v).toUpperCase()),
    deserialize: (b) => new TextDecoder().decode(b),
  });
  await cache.put('u', 'shout', { serializer: 'upper' });
  assert.equal(await cache.get('u'), 'SHOUT');
  const other = await openTestCache({ fs: (await fixture()).fs, root: ROOT });
  await other.cache.importBundle(cache.exportBundle(['u']));
  await assert.rejects(other.cache.get('u'), (err: XetcacheError) => err.code === 'ESERIALIZER' && /upper/.test(err.message));
});

test('export writes a tar that another machine imports with nothing else', async () => {
  const { cache } = await fixture();
  const big = seededBytes(6, 300_000);
  await cache.put('big', big, { metadata: { m: 1 } });
  await cache.put('small', { n: 1 });
  const parts: Uint8Array[] = [];
  for await (const p of cache.exportBundle(['big', 'small'])) parts.push(p);
  const tarBytes = Buffer.concat(parts);
  assert.equal(tarBytes.length % 512, 0);
  const there = await fixture();
  const report = await there.cache.importBundle(tarBytes);
  assert.deepEqual(report.keys.sort(), ['big', 'small']);
  assert.deepEqual(await there.cache.get('big'), big);
  assert.deepEqual(await there.cache.get('small'), { n: 1 });
  assert.deepEqual((await there.cache.getArtifact('big'))?.metadata, { m: 1 });
  // Importing again stores no new bytes.
  assert.equal((await there.cache.importBundle(tarBytes)).newBytes, 0);
  await assert.rejects(cache.exportBundle(['absent']).next(), (err: XetcacheError) => err.code === 'ENOTFOUND');
});

test('a damaged or truncated bundle is rejected and records nothing', async () => {
  const { cache } = await fixture();
  await cache.put('v', seededBytes(7, 50_000));
  const parts: Uint8Array[] = [];
  for await (const p of cache.exportBundle(['v'])) parts.push(p);
  const good = Buffer.concat(parts);
  const flipped = Buffer.from(good);
  flipped[2048] = flipped[2048]! ^ 0xff; // inside the object's bytes
  for (const bad of [flipped, good.subarray(0, good.length - 3000), Buffer.from('not a tar at all'.repeat(64))]) {
    const there = await fixture();
    await assert.rejects(there.cache.importBundle(bad), (err: XetcacheError) => ['EBADFORMAT', 'EINTEGRITY'].includes(err.code));
    assert.deepEqual(await there.cache.keys(), []);
  }
});

test('verify finds damaged entries and repair fixes them', async () => {
  const { cache, fs, project } = await fixture();
  await cache.put('good', 1);
  await cache.put('bad-pointer', 2);
  await cache.put('bad-meta', 3);
  await cache.flush();
  assert.equal((await cache.verify()).ok, true);
  await fs.writeFile(`${ROOT}/${project.paths('bad-pointer').value}`, 'garbage');
  await fs.writeFile(`${ROOT}/${project.paths('bad-meta').meta}`, '{ "format": 1, "key": 4');
  const report = await cache.verify();
  assert.equal(report.ok, false);
  assert.equal(report.problems.length, 2);
  assert.ok(report.problems.some((p) => p.key === 'bad-pointer' && /pointer/.test(p.message)));
  assert.ok(report.problems.some((p) => p.id === project.paths('bad-meta').id && /damaged/.test(p.message)));
  await assert.rejects(cache.get('bad-meta'), (err: XetcacheError) => err.code === 'EBADENTRY');
  const repaired = await cache.verify({ repair: true });
  assert.equal(repaired.repaired.length, 2);
  const again = await cache.verify();
  assert.equal(again.ok, true, JSON.stringify(again.problems));
  assert.equal(await cache.get('bad-pointer'), 2);
  assert.equal(await cache.has('bad-meta'), false);
  assert.equal(await cache.get('good'), 1);
});

test('a directory that is already a git repository gets the LFS attribute line once', async () => {
  const fs = createMemoryProjectFs();
  await git.init({ fs: gitFs(fs), dir: ROOT, defaultBranch: 'main' });
  await fs.writeFile(`${ROOT}/.gitattributes`, '*.csv text');
  await fs.writeFile(`${ROOT}/README`, 'mine');
  await git.add({ fs: gitFs(fs), dir: ROOT, filepath: '.gitattributes' });
  await git.add({ fs: gitFs(fs), dir: ROOT, filepath: 'README' });
  await git.commit({ fs: gitFs(fs), dir: ROOT, message: 'user commit', author: { name: 'u', email: 'u@x' } });
  await openTestCache({ fs, root: ROOT });
  await openTestCache({ fs, root: ROOT });
  assert.equal(await fs.readFile(`${ROOT}/.gitattributes`, 'utf8'), '*.csv text\nentries/**/value filter=lfs diff=lfs merge=lfs -text\n');
  assert.deepEqual((await log(fs)).map((c) => c.commit.message), ['xetcache: mark entry values as git-LFS\n', 'user commit\n']);
});

test('an entry committed by another process leaves nothing unsaved here after a flush', async () => {
  const fs = createMemoryProjectFs();
  const a = await openTestCache({ fs, root: ROOT });
  const b = await openTestCache({ fs, root: ROOT });
  await a.cache.put('k', 1);
  assert.equal(a.cache.hasUnsaved(), true);
  await b.cache.flush();
  assert.equal((await log(fs)).length, 2, 'b committed a\'s entry');
  await a.cache.flush();
  assert.equal(a.cache.hasUnsaved(), false, 'so an exit hook does not flush forever');
  assert.equal((await log(fs)).length, 2);
});
