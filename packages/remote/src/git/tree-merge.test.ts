// The tree merge on real repositories on disk: each case merges the same two commits both ways
// (ours/theirs swapped) and checks that the trees are identical, so every machine ends the same.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as git from 'isomorphic-git';
import { mergeTrees, unionLines } from './tree-merge.js';

const temp = mkdtempSync(join(tmpdir(), 'xetcache-tree-merge-'));
after(() => rmSync(temp, { recursive: true, force: true }));

const ATTRS = 'entries/**/value filter=lfs diff=lfs merge=lfs -text\n';
const WHO = { name: 'Test', email: 'test@example.com', timestamp: 1_700_000_000, timezoneOffset: 0 };
let repos = 0;

type Files = Record<string, string>;

async function newRepo(): Promise<string> {
  const dir = join(temp, `r${++repos}`);
  await git.init({ fs, dir, defaultBranch: 'main' });
  return dir;
}

/** Write the tree holding exactly `files`; returns its oid. */
async function writeFiles(dir: string, files: Files): Promise<string> {
  const here: git.TreeEntry[] = [];
  const sub = new Map<string, Files>();
  for (const [path, text] of Object.entries(files)) {
    const at = path.indexOf('/');
    if (at < 0) {
      const oid = await git.writeBlob({ fs, dir, blob: new TextEncoder().encode(text) });
      here.push({ mode: '100644', path, oid, type: 'blob' });
    } else {
      const name = path.slice(0, at);
      sub.set(name, { ...sub.get(name), [path.slice(at + 1)]: text });
    }
  }
  for (const [name, inner] of sub) here.push({ mode: '040000', path: name, oid: await writeFiles(dir, inner), type: 'tree' });
  return git.writeTree({ fs, dir, tree: here });
}

async function commit(dir: string, files: Files, parents: string[] = []): Promise<string> {
  const tree = await writeFiles(dir, files);
  return git.writeCommit({ fs, dir, commit: { message: 'c\n', tree, parent: parents, author: WHO, committer: WHO } });
}

/** The files of a tree, path → text. */
async function readFiles(dir: string, oid: string, prefix = ''): Promise<Files> {
  const out: Files = {};
  const { tree } = await git.readTree({ fs, dir, oid });
  for (const e of tree) {
    const path = `${prefix}${e.path}`;
    if (e.type === 'tree') Object.assign(out, await readFiles(dir, e.oid, `${path}/`));
    else out[path] = new TextDecoder().decode((await git.readBlob({ fs, dir, oid: e.oid })).blob);
  }
  return out;
}

/** Merge both ways; the trees must be the same. Returns the merged files. */
async function merged(dir: string, base: string | undefined, a: string, b: string): Promise<Files> {
  const ctx = { fs, dir, cache: {} };
  const one = await mergeTrees(ctx, base, a, b);
  const two = await mergeTrees(ctx, base, b, a);
  assert.equal(one, two, 'the same tree whichever side merges');
  return readFiles(dir, one);
}

const dirOf = (c: string) => `entries/${c.repeat(2)}/${c.repeat(62)}`;

function entry(c: string, key: string, createdAt: string, oidChar: string): Files {
  const oid = `sha256:${oidChar.repeat(64)}`;
  return {
    [`${dirOf(c)}/meta.json`]: `${JSON.stringify({ createdAt, format: 1, key, oid, size: 3 }, null, 2)}\n`,
    [`${dirOf(c)}/value`]: `version https://git-lfs.github.com/spec/v1\noid ${oid}\nsize 3\n`,
  };
}

const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-02T00:00:00.000Z';
const T2 = '2026-01-03T00:00:00.000Z';

test('an entry deleted on one side and changed on the other is kept as changed', async () => {
  const dir = await newRepo();
  const other = entry('b', 'other', T0, '2');
  const base = await commit(dir, { '.gitattributes': ATTRS, ...entry('a', 'k', T0, '1'), ...other });
  const deleted = await commit(dir, { '.gitattributes': ATTRS, ...other }, [base]);
  // The change is older than the deletion's commit, and still wins: no clock decides.
  const changed = await commit(dir, { '.gitattributes': ATTRS, ...entry('a', 'k', T0, '9'), ...other }, [base]);
  assert.deepEqual(await merged(dir, base, deleted, changed), { '.gitattributes': ATTRS, ...entry('a', 'k', T0, '9'), ...other });
});

test('an entry deleted, then put again, on one side and deleted on the other is kept', async () => {
  const dir = await newRepo();
  const base = await commit(dir, { '.gitattributes': ATTRS, ...entry('a', 'k', T0, '1') });
  const gone = await commit(dir, { '.gitattributes': ATTRS }, [base]);
  const again = await commit(dir, { '.gitattributes': ATTRS, ...entry('a', 'k', T1, '3') }, [gone]);
  const deleted = await commit(dir, { '.gitattributes': ATTRS }, [base]);
  assert.deepEqual(await merged(dir, base, again, deleted), { '.gitattributes': ATTRS, ...entry('a', 'k', T1, '3') });
});

test('the kept entry comes whole from the side that changed it, even if only its meta.json changed', async () => {
  const dir = await newRepo();
  const before = entry('a', 'k', T0, '1');
  const base = await commit(dir, before);
  const deleted = await commit(dir, {}, [base]);
  const touched = { ...before, [`${dirOf('a')}/meta.json`]: before[`${dirOf('a')}/meta.json`]!.replace('"size": 3', '"size": 3, "x": 1') };
  const changed = await commit(dir, touched, [base]);
  assert.deepEqual(await merged(dir, base, deleted, changed), touched);
});

test('a side that removed a whole directory keeps the other side’s change inside it, and loses the rest', async () => {
  const dir = await newRepo();
  // Two entries in one entries/<aa>/ directory: ids starting with the same two digits.
  const x = { [`entries/cc/${'1'.repeat(62)}/meta.json`]: 'x0', [`entries/cc/${'1'.repeat(62)}/value`]: 'xv' };
  const y = { [`entries/cc/${'2'.repeat(62)}/meta.json`]: 'y0', [`entries/cc/${'2'.repeat(62)}/value`]: 'yv' };
  const base = await commit(dir, { '.gitattributes': ATTRS, ...x, ...y });
  const emptied = await commit(dir, { '.gitattributes': ATTRS }, [base]);
  const x1 = { ...x, [`entries/cc/${'1'.repeat(62)}/meta.json`]: 'x1' };
  const changed = await commit(dir, { '.gitattributes': ATTRS, ...x1, ...y }, [base]);
  assert.deepEqual(await merged(dir, base, emptied, changed), { '.gitattributes': ATTRS, ...x1 });
});

test('deletions on one side of entries the other side left alone, or deleted too, go', async () => {
  const dir = await newRepo();
  const base = await commit(dir, { '.gitattributes': ATTRS, ...entry('a', 'a', T0, '1'), ...entry('b', 'b', T0, '2'), ...entry('c', 'c', T0, '3') });
  const ours = await commit(dir, { '.gitattributes': ATTRS, ...entry('c', 'c', T0, '3') }, [base]);
  const theirs = await commit(dir, { '.gitattributes': ATTRS, ...entry('b', 'b', T0, '2'), ...entry('c', 'c', T1, '4') }, [base]);
  assert.deepEqual(await merged(dir, base, ours, theirs), { '.gitattributes': ATTRS, ...entry('c', 'c', T1, '4') });
});

test('an entry both sides changed goes whole to the later createdAt, then to the greater oid', async () => {
  const dir = await newRepo();
  const base = await commit(dir, entry('a', 'k', T0, '1'));
  const later = await commit(dir, entry('a', 'k', T2, '2'), [base]);
  const earlier = await commit(dir, entry('a', 'k', T1, '9'), [base]);
  assert.deepEqual(await merged(dir, base, later, earlier), entry('a', 'k', T2, '2'));
  const tie = await commit(dir, entry('a', 'k', T2, '7'), [base]);
  assert.deepEqual(await merged(dir, base, later, tie), entry('a', 'k', T2, '7'));
});

test('unrelated histories: entries of both, the same key by the rule, .gitattributes united', async () => {
  const dir = await newRepo();
  const local = await commit(dir, { '.gitattributes': `*.txt text\n${ATTRS}`, ...entry('a', 'a', T0, '1'), ...entry('c', 'k', T1, '5') });
  const hub = await commit(dir, { '.gitattributes': ATTRS, '.lfsconfig': '[lfs]\n', ...entry('b', 'b', T0, '2'), ...entry('c', 'k', T0, '6') });
  const files = await merged(dir, undefined, local, hub);
  assert.deepEqual(Object.keys(files).sort(), ['.gitattributes', '.lfsconfig', ...Object.keys(entry('a', '', T0, '1')), ...Object.keys(entry('b', '', T0, '2')), ...Object.keys(entry('c', '', T0, '5'))].sort());
  assert.equal(files[`${dirOf('c')}/value`], entry('c', 'k', T1, '5')[`${dirOf('c')}/value`]);
  assert.deepEqual(files['.gitattributes']!.split('\n').filter(Boolean).sort(), ['*.txt text', ATTRS.trim()].sort());
});

test('.gitattributes united the same way from either side', () => {
  assert.equal(unionLines('a\nb\n', 'c\na\n'), unionLines('c\na\n', 'a\nb\n'));
  assert.equal(unionLines('a\nb\n', 'c\na\n'), 'a\nb\nc\n');
  assert.equal(unionLines('', ''), '');
});

test('a file outside entries: changed beats deleted; changed differently on both sides is a conflict', async () => {
  const dir = await newRepo();
  const base = await commit(dir, { '.lfsconfig': 'one\n', 'notes.txt': 'n\n' });
  const ours = await commit(dir, { '.lfsconfig': 'two\n' }, [base]);
  const theirs = await commit(dir, { '.lfsconfig': 'three\n', 'notes.txt': 'n2\n' }, [base]);
  const ctx = { fs, dir, cache: {} };
  await assert.rejects(mergeTrees(ctx, base, ours, theirs), (err: Error & { code?: string; data?: { filepaths: string[] } }) => {
    assert.equal(err.code, 'MergeConflictError');
    assert.deepEqual(err.data?.filepaths, ['.lfsconfig']);
    return true;
  });
  const kept = await commit(dir, { '.lfsconfig': 'one\n' }, [base]);
  assert.deepEqual(await merged(dir, base, kept, theirs), { '.lfsconfig': 'three\n', 'notes.txt': 'n2\n' });
});

test('everything deleted on one side and untouched on the other leaves an empty tree', async () => {
  const dir = await newRepo();
  const base = await commit(dir, entry('a', 'k', T0, '1'));
  const empty = await commit(dir, {}, [base]);
  const same = await commit(dir, entry('a', 'k', T0, '1'), [base]);
  assert.deepEqual(await merged(dir, base, empty, same), {});
});
