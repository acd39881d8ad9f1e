// A merge from a hub moves the branch inside exclusive(); the working tree then follows it entry
// by entry under each entry's lock. The interleavings with a put are forced with hooks on the fs
// port (a write held in the middle, a lock held by "another process"), never with timing.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as git from 'isomorphic-git';
import { createWasmBlake3 } from '../hash/blake3-wasm.js';
import { encodePointer } from '../pointer/encode.js';
import { encodeEntry, type EntryMeta } from './entry.js';
import { createMemoryProjectFs } from './fs/memory.js';
import { gitFs, type ProjectFs } from './fs/port.js';
import { statePaths } from './layout.js';
import { openProject, type Project } from './project.js';

const ROOT = '/p';
const blake3 = await createWasmBlake3();
const WHO = { name: 'Hub', email: 'hub@example.com', timestamp: 1_700_000_000, timezoneOffset: 0 };

function meta(key: string, oidChar: string, createdAt = '2026-01-01T00:00:00.000Z'): EntryMeta {
  return {
    key,
    serializer: 'bytes',
    size: 3,
    oid: `sha256:${oidChar.repeat(64)}`,
    xetHash: oidChar.repeat(64),
    createdAt,
    expiresAt: null,
    producer: 'test@host',
    computeMs: null,
    metadata: {},
  };
}

async function open(fs: ProjectFs, extra: Partial<Parameters<typeof openProject>[0]> = {}): Promise<Project> {
  return openProject({ fs, root: ROOT, blake3, author: { name: 'Test', email: 'test@example.com' }, commitDelayMs: Infinity, ...extra });
}

type Files = Record<string, string | null>;

async function headFiles(fs: ProjectFs, oid: string, prefix = ''): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const { tree } = await git.readTree({ fs: gitFs(fs), dir: ROOT, oid });
  for (const e of tree) {
    if (e.type === 'tree') Object.assign(out, await headFiles(fs, e.oid, `${prefix}${e.path}/`));
    else out[`${prefix}${e.path}`] = new TextDecoder().decode((await git.readBlob({ fs: gitFs(fs), dir: ROOT, oid: e.oid })).blob);
  }
  return out;
}

async function writeTreeOf(fs: ProjectFs, files: Record<string, string>): Promise<string> {
  const here: git.TreeEntry[] = [];
  const sub = new Map<string, Record<string, string>>();
  for (const [path, text] of Object.entries(files)) {
    const at = path.indexOf('/');
    if (at < 0) here.push({ mode: '100644', path, oid: await git.writeBlob({ fs: gitFs(fs), dir: ROOT, blob: new TextEncoder().encode(text) }), type: 'blob' });
    else sub.set(path.slice(0, at), { ...sub.get(path.slice(0, at)), [path.slice(at + 1)]: text });
  }
  for (const [name, inner] of sub) here.push({ mode: '040000', path: name, oid: await writeTreeOf(fs, inner), type: 'tree' });
  return git.writeTree({ fs: gitFs(fs), dir: ROOT, tree: here });
}

/** What a merge from a hub does: a commit on top of HEAD with `changes` (null deletes), the branch moved, nothing else touched. */
async function moveBranch(fs: ProjectFs, changes: Files): Promise<string> {
  const head = await git.resolveRef({ fs: gitFs(fs), dir: ROOT, ref: 'main' });
  const files = await headFiles(fs, head);
  for (const [path, text] of Object.entries(changes)) {
    if (text === null) delete files[path];
    else files[path] = text;
  }
  const tree = await writeTreeOf(fs, files);
  const commit = await git.writeCommit({ fs: gitFs(fs), dir: ROOT, commit: { message: 'merge\n', tree, parent: [head], author: WHO, committer: WHO } });
  await git.writeRef({ fs: gitFs(fs), dir: ROOT, ref: 'refs/heads/main', value: commit, force: true });
  return commit;
}

function entryFiles(project: Project, m: EntryMeta): Files {
  const paths = project.paths(m.key);
  return { [paths.value]: encodePointer({ oid: m.oid, size: m.size }), [paths.meta]: encodeEntry(m) };
}

async function workingText(fs: ProjectFs, rel: string): Promise<string | undefined> {
  return fs.readFile(`${ROOT}/${rel}`, 'utf8').catch(() => undefined);
}

/** Every tracked file as in HEAD, in the index and in the working tree. */
async function assertClean(fs: ProjectFs): Promise<void> {
  const matrix = await git.statusMatrix({ fs: gitFs(fs), dir: ROOT });
  const dirty = matrix.filter(([, head, work, stage]) => !(head === 1 && work === 1 && stage === 1));
  assert.deepEqual(dirty, [], 'working tree and index match HEAD');
}

test('a merge that moves the branch: the working tree and index follow, entries added, changed and removed', async () => {
  const fs = createMemoryProjectFs();
  const project = await open(fs);
  await project.write(meta('changed', '1'));
  await project.write(meta('removed', '2'));
  await project.write(meta('kept', '3'));
  await project.flush();
  await project.exclusive(async () => {
    await moveBranch(fs, {
      ...entryFiles(project, meta('added', '4')),
      ...entryFiles(project, meta('changed', '5', '2026-02-01T00:00:00.000Z')),
      [project.paths('removed').meta]: null,
      [project.paths('removed').value]: null,
      '.lfsconfig': '[lfs]\n\turl = http://hub/x.git/info/lfs\n',
    });
  });
  assert.equal((await project.read('added'))?.oid, meta('added', '4').oid);
  assert.equal((await project.read('changed'))?.oid, meta('changed', '5').oid);
  assert.equal(await project.read('removed'), undefined);
  assert.equal(await workingText(fs, project.paths('removed').dir + '/value'), undefined);
  assert.equal((await project.read('kept'))?.oid, meta('kept', '3').oid);
  assert.match((await workingText(fs, '.lfsconfig'))!, /url/);
  await assertClean(fs);
  assert.equal(await workingText(fs, statePaths.following), undefined, 'nothing left to finish');
  // The next commit adds to the merge rather than undoing it.
  await project.write(meta('after', '6'));
  await project.flush();
  const head = await git.resolveRef({ fs: gitFs(fs), dir: ROOT, ref: 'main' });
  const files = await headFiles(fs, head);
  assert.ok(files[project.paths('added').meta] && files[project.paths('after').meta]);
  assert.equal(files[project.paths('removed').meta], undefined);
});

test('a put in the middle of its write when the merge lands keeps its entry, whole, and is committed on top', async () => {
  const base = createMemoryProjectFs();
  let metaRenames = 0;
  let midWrite!: () => void;
  const reached = new Promise<void>((resolve) => (midWrite = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let target = '';
  // Hold the put between its pointer and its meta.json: the entry lock is held, half the files are new.
  const fs: ProjectFs = {
    ...base,
    async rename(from, to) {
      if (target && to === `${ROOT}/${target}` && metaRenames++ === 0) {
        midWrite();
        await released;
      }
      return base.rename(from, to);
    },
  };
  const project = await open(fs);
  await project.write(meta('raced', '1'));
  await project.flush();
  target = project.paths('raced').meta;

  const local = meta('raced', '7', '2026-01-05T00:00:00.000Z');
  const putting = project.write(local);
  await reached;
  let fnDone = false;
  const merging = project.exclusive(async () => {
    // The hub's version of the same entry (later createdAt: the merge rule chose it).
    await moveBranch(fs, entryFiles(project, meta('raced', '9', '2026-01-09T00:00:00.000Z')));
    fnDone = true;
  });
  // The checkout cannot finish before the put: it needs the entry's lock. Let the put go on
  // once the merge is made; whichever reaches the entry first, the put's write stands.
  while (!fnDone) await new Promise((resolve) => setImmediate(resolve));
  release();
  await putting;
  await merging;

  assert.equal((await project.read('raced'))?.oid, local.oid, 'the put was not overwritten');
  assert.equal(await workingText(fs, project.paths('raced').value), encodePointer({ oid: local.oid, size: 3 }), 'pointer and meta.json agree');
  // Until its commit, the index holds the merge (committing it would not undo the merge); the put is a change in the working tree.
  const matrix = await git.statusMatrix({ fs: gitFs(fs), dir: ROOT, filepaths: [project.paths('raced').dir] });
  assert.deepEqual(matrix.map(([, head, work, stage]) => [head, work, stage]), [[1, 2, 1], [1, 2, 1]]);
  await project.flush();
  const head = await git.resolveRef({ fs: gitFs(fs), dir: ROOT, ref: 'main' });
  const log = await git.log({ fs: gitFs(fs), dir: ROOT, depth: 2 });
  assert.equal(log[1]!.commit.message, 'merge\n', 'the put is committed on top of the merge');
  const files = await headFiles(fs, head);
  assert.equal(files[project.paths('raced').meta], encodeEntry(local));
  assert.equal(files[project.paths('raced').value], encodePointer({ oid: local.oid, size: 3 }));
  await assertClean(fs);
});

test('another process holding an entry lock: the checkout waits for it, then keeps that process’s write', async () => {
  const base = createMemoryProjectFs();
  let waiting!: () => void;
  const checkoutWaits = new Promise<void>((resolve) => (waiting = resolve));
  let lockPath = '';
  // A second attempt to create the held lock file is the checkout waiting for it.
  const fs: ProjectFs = {
    ...base,
    async writeFile(path, data, options) {
      try {
        return await base.writeFile(path, data, options);
      } catch (err) {
        if (path === lockPath && (err as { code?: string }).code === 'EEXIST') waiting();
        throw err;
      }
    },
  };
  const OTHER = 4242;
  const project = await open(fs, { pid: 1, isProcessAlive: (pid) => pid === OTHER || pid === 1 });
  await project.write(meta('shared', '1'));
  await project.write(meta('plain', '2'));
  await project.flush();
  const paths = project.paths('shared');
  lockPath = `${ROOT}/${statePaths.entryLocks}/${paths.id}`;

  // The other process takes the entry lock and starts writing.
  await base.mkdir(`${ROOT}/${statePaths.entryLocks}`, { recursive: true });
  await base.writeFile(lockPath, JSON.stringify({ pid: OTHER, at: Date.now() }), { flag: 'wx' });
  const theirs = meta('shared', '8', '2026-01-03T00:00:00.000Z');
  await base.writeFile(`${ROOT}/${paths.value}`, encodePointer({ oid: theirs.oid, size: 3 }));

  const merging = project.exclusive(async () => {
    await moveBranch(fs, {
      ...entryFiles(project, meta('shared', '9', '2026-01-09T00:00:00.000Z')),
      ...entryFiles(project, meta('plain', '5', '2026-01-09T00:00:00.000Z')),
    });
  });
  await checkoutWaits;
  // Still waiting: the other process finishes its write, drops its marker, lets go of the lock.
  await base.writeFile(`${ROOT}/${paths.meta}`, encodeEntry(theirs));
  await base.mkdir(`${ROOT}/${statePaths.pending}`, { recursive: true });
  await base.writeFile(`${ROOT}/${statePaths.pending}/${paths.id}.other-process`, '');
  await base.unlink(lockPath);
  await merging;

  assert.equal((await project.read('shared'))?.oid, theirs.oid, 'the other process’s write stands');
  assert.equal((await project.read('plain'))?.oid, meta('plain', '5').oid, 'the other entries followed the merge');
  await project.flush();
  const head = await git.resolveRef({ fs: gitFs(fs), dir: ROOT, ref: 'main' });
  assert.equal((await headFiles(fs, head))[paths.meta], encodeEntry(theirs), 'committed on top by its marker');
  await assertClean(fs);
});

test('fn failing after it moved the branch: the working tree still follows', async () => {
  const fs = createMemoryProjectFs();
  const project = await open(fs);
  await project.write(meta('a', '1'));
  await project.flush();
  await assert.rejects(
    project.exclusive(async () => {
      await moveBranch(fs, entryFiles(project, meta('b', '2')));
      throw new Error('the push after the merge failed');
    }),
    /push after the merge failed/,
  );
  assert.equal((await project.read('b'))?.oid, meta('b', '2').oid);
  await assertClean(fs);
});

test('a checkout cut short by a killed process is finished before the next commit, which then keeps the merge', async () => {
  const fs = createMemoryProjectFs();
  const first = await open(fs);
  await first.write(meta('a', '1'));
  await first.flush();
  const before = await git.resolveRef({ fs: gitFs(fs), dir: ROOT, ref: 'main' });
  // What a process killed between the merge and the checkout leaves: the branch moved, the
  // state file naming the commit the working tree is at, the index and files untouched.
  await fs.writeFile(`${ROOT}/${statePaths.following}`, `${before}\n`);
  await moveBranch(fs, entryFiles(first, meta('b', '2')));

  const next = await open(fs);
  assert.equal((await next.read('b'))?.oid, meta('b', '2').oid, 'opening the project finished the checkout');
  await next.write(meta('c', '3'));
  await next.flush();
  const head = await git.resolveRef({ fs: gitFs(fs), dir: ROOT, ref: 'main' });
  const files = await headFiles(fs, head);
  assert.ok(files[next.paths('b').meta], 'the merged entry is still in the branch');
  assert.ok(files[next.paths('c').meta]);
  await assertClean(fs);
});
