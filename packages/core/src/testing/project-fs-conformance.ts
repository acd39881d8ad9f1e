// The behaviour every ProjectFs shares: Node's fs.promises defines it, the in-memory twin must
// match it, and isomorphic-git must produce the same repository on each. Each implementation's
// test file runs this suite.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as git from 'isomorphic-git';
import type { ProjectFs } from '../project/fs/port.js';
import { gitFs } from '../project/fs/port.js';

export interface ProjectFsFixture {
  fs: ProjectFs;
  /** An existing, empty directory (absolute path) the tests may fill. */
  root: string;
  cleanup: () => Promise<void>;
}

type Body = (fs: ProjectFs, at: (rel: string) => string) => Promise<void>;

const bytes = (s: string) => new TextEncoder().encode(s);
const sorted = (names: string[]) => [...names].sort();
const perms = (mode: number) => mode & 0o777;
const type = (mode: number) => mode & 0o170000;

export function projectFsConformance(name: string, make: () => Promise<ProjectFsFixture>): void {
  const it = (title: string, body: Body) =>
    test(`${name}: ${title}`, async () => {
      const { fs, root, cleanup } = await make();
      try {
        await body(fs, (rel) => `${root}/${rel}`);
      } finally {
        await cleanup();
      }
    });

  it('writeFile and readFile round-trip bytes and utf8 text, as copies', async (fs, at) => {
    const data = new Uint8Array([0, 1, 2, 255]);
    await fs.writeFile(at('bin'), data);
    data[0] = 9;
    const read = await fs.readFile(at('bin'));
    assert.deepEqual([...read], [0, 1, 2, 255]);
    read[1] = 9;
    assert.deepEqual([...(await fs.readFile(at('bin')))], [0, 1, 2, 255]);
    await fs.writeFile(at('text'), 'héllo\n', 'utf8');
    assert.equal(await fs.readFile(at('text'), 'utf8'), 'héllo\n');
    assert.equal(await fs.readFile(at('text'), { encoding: 'utf8' }), 'héllo\n');
    assert.deepEqual([...(await fs.readFile(at('text')))], [...bytes('héllo\n')]);
    await fs.writeFile(at('text'), 'x', { encoding: 'utf8' });
    assert.equal(await fs.readFile(at('text'), 'utf8'), 'x');
  });

  it('readFile fails with ENOENT, EISDIR and ENOTDIR', async (fs, at) => {
    await fs.mkdir(at('d'));
    await fs.writeFile(at('f'), 'f');
    await assert.rejects(fs.readFile(at('missing')), { code: 'ENOENT' });
    await assert.rejects(fs.readFile(at('no/such/file'), 'utf8'), { code: 'ENOENT' });
    await assert.rejects(fs.readFile(at('d')), { code: 'EISDIR' });
    await assert.rejects(fs.readFile(at('f/x')), { code: 'ENOTDIR' });
  });

  it('writeFile replaces a file in place, keeping its inode and mode', async (fs, at) => {
    await fs.writeFile(at('f'), 'first version');
    await fs.chmod(at('f'), 0o600);
    const before = await fs.stat(at('f'));
    await fs.writeFile(at('f'), 'second', { mode: 0o755 });
    const after = await fs.stat(at('f'));
    assert.equal(await fs.readFile(at('f'), 'utf8'), 'second');
    assert.equal(after.ino, before.ino);
    assert.equal(perms(after.mode), 0o600);
    assert.equal(after.size, 6);
    assert.ok(after.mtimeMs >= before.mtimeMs);
  });

  it('writeFile applies mode to a new file', async (fs, at) => {
    await fs.writeFile(at('plain'), '');
    await fs.writeFile(at('exec'), '#!/bin/sh\n', { mode: 0o755 });
    assert.equal((await fs.stat(at('plain'))).mode & 0o111, 0);
    assert.equal(perms((await fs.stat(at('exec'))).mode), 0o755);
  });

  it("writeFile with flag 'wx' creates only when nothing is there", async (fs, at) => {
    await fs.writeFile(at('lock'), 'me', { flag: 'wx' });
    await assert.rejects(fs.writeFile(at('lock'), 'you', { flag: 'wx' }), { code: 'EEXIST' });
    assert.equal(await fs.readFile(at('lock'), 'utf8'), 'me');
    await fs.mkdir(at('d'));
    await assert.rejects(fs.writeFile(at('d'), 'x', { flag: 'wx' }), { code: 'EEXIST' });
    await fs.symlink('nowhere', at('dangling'));
    await assert.rejects(fs.writeFile(at('dangling'), 'x', { flag: 'wx' }), { code: 'EEXIST' });
    await fs.writeFile(at('lock'), 'w again', { flag: 'w' });
    assert.equal(await fs.readFile(at('lock'), 'utf8'), 'w again');
  });

  it('writeFile fails with ENOENT, ENOTDIR and EISDIR', async (fs, at) => {
    await fs.mkdir(at('d'));
    await fs.writeFile(at('f'), 'f');
    await assert.rejects(fs.writeFile(at('missing/x'), 'x'), { code: 'ENOENT' });
    await assert.rejects(fs.writeFile(at('f/x'), 'x'), { code: 'ENOTDIR' });
    await assert.rejects(fs.writeFile(at('d'), 'x'), { code: 'EISDIR' });
  });

  it('unlink removes files and links, never directories', async (fs, at) => {
    await fs.writeFile(at('f'), 'f');
    await fs.symlink('f', at('l'));
    await fs.unlink(at('l'));
    assert.equal(await fs.readFile(at('f'), 'utf8'), 'f');
    await fs.unlink(at('f'));
    assert.deepEqual(await fs.readdir(at('')), []);
    await assert.rejects(fs.unlink(at('f')), { code: 'ENOENT' });
    await fs.mkdir(at('d'));
    // Linux says EISDIR; POSIX (and macOS) say EPERM.
    await assert.rejects(fs.unlink(at('d')), (err: { code?: string }) => /^(EISDIR|EPERM)$/.test(err.code ?? ''));
  });

  it('readdir lists names and fails with ENOENT and ENOTDIR', async (fs, at) => {
    await fs.mkdir(at('d'));
    assert.deepEqual(await fs.readdir(at('d')), []);
    await fs.writeFile(at('d/b'), 'b');
    await fs.writeFile(at('d/a'), 'a');
    await fs.mkdir(at('d/c'));
    await fs.symlink('a', at('d/l'));
    assert.deepEqual(sorted(await fs.readdir(at('d'))), ['a', 'b', 'c', 'l']);
    await assert.rejects(fs.readdir(at('missing')), { code: 'ENOENT' });
    await assert.rejects(fs.readdir(at('d/a')), { code: 'ENOTDIR' });
  });

  it('mkdir needs the parent and fails when something is there', async (fs, at) => {
    await fs.mkdir(at('d'));
    assert.ok((await fs.stat(at('d'))).isDirectory());
    await assert.rejects(fs.mkdir(at('d')), { code: 'EEXIST' });
    await assert.rejects(fs.mkdir(at('x/y')), { code: 'ENOENT' });
    await fs.writeFile(at('f'), 'f');
    await assert.rejects(fs.mkdir(at('f')), { code: 'EEXIST' });
    await assert.rejects(fs.mkdir(at('f/y')), { code: 'ENOTDIR' });
  });

  it('mkdir with recursive creates the chain and accepts an existing directory', async (fs, at) => {
    await fs.mkdir(at('a/b/c'), { recursive: true });
    assert.ok((await fs.stat(at('a/b/c'))).isDirectory());
    await fs.mkdir(at('a/b/c'), { recursive: true });
    await fs.mkdir(at('a'), { recursive: true });
    await fs.writeFile(at('a/f'), 'f');
    await assert.rejects(fs.mkdir(at('a/f'), { recursive: true }), { code: 'EEXIST' });
    await assert.rejects(fs.mkdir(at('a/f/g'), { recursive: true }), { code: 'ENOTDIR' });
    await fs.symlink('b', at('a/lb'));
    await fs.mkdir(at('a/lb/c/d'), { recursive: true });
    assert.ok((await fs.stat(at('a/b/c/d'))).isDirectory());
  });

  it('rmdir removes only an empty directory', async (fs, at) => {
    await fs.mkdir(at('d/e'), { recursive: true });
    await assert.rejects(fs.rmdir(at('d')), { code: 'ENOTEMPTY' });
    await fs.rmdir(at('d/e'));
    await fs.rmdir(at('d'));
    await assert.rejects(fs.stat(at('d')), { code: 'ENOENT' });
    await assert.rejects(fs.rmdir(at('d')), { code: 'ENOENT' });
    await fs.writeFile(at('f'), 'f');
    await assert.rejects(fs.rmdir(at('f')), { code: 'ENOTDIR' });
  });

  it('rm removes files, trees with recursive, and ignores missing paths with force', async (fs, at) => {
    await fs.mkdir(at('t/u'), { recursive: true });
    await fs.writeFile(at('t/u/f'), 'f');
    await fs.writeFile(at('t/g'), 'g');
    await assert.rejects(fs.rm(at('t')), { code: 'ERR_FS_EISDIR' });
    await fs.rm(at('t/g'));
    await assert.rejects(fs.stat(at('t/g')), { code: 'ENOENT' });
    await fs.rm(at('t'), { recursive: true });
    await assert.rejects(fs.stat(at('t')), { code: 'ENOENT' });
    await assert.rejects(fs.rm(at('t')), { code: 'ENOENT' });
    await assert.rejects(fs.rm(at('t'), { recursive: true }), { code: 'ENOENT' });
    await fs.rm(at('t'), { force: true });
    await fs.rm(at('t/u/v'), { recursive: true, force: true });
  });

  it('rm of a link to a directory removes the link only', async (fs, at) => {
    await fs.mkdir(at('d'));
    await fs.writeFile(at('d/f'), 'f');
    await fs.symlink('d', at('l'));
    await fs.rm(at('l'), { recursive: true });
    assert.deepEqual(await fs.readdir(at('')), ['d']);
    assert.equal(await fs.readFile(at('d/f'), 'utf8'), 'f');
  });

  it('rename moves a file and replaces an existing one', async (fs, at) => {
    await fs.writeFile(at('a'), 'new');
    await fs.writeFile(at('b'), 'old');
    const ino = (await fs.stat(at('a'))).ino;
    await fs.rename(at('a'), at('b'));
    assert.equal(await fs.readFile(at('b'), 'utf8'), 'new');
    assert.equal((await fs.stat(at('b'))).ino, ino);
    await assert.rejects(fs.stat(at('a')), { code: 'ENOENT' });
    await fs.mkdir(at('d'));
    await fs.rename(at('b'), at('d/c'));
    assert.deepEqual(await fs.readdir(at('d')), ['c']);
    await fs.rename(at('d/c'), at('d/c'));
    assert.equal(await fs.readFile(at('d/c'), 'utf8'), 'new');
  });

  it('rename never lets a reader see the target missing', async (fs, at) => {
    await fs.writeFile(at('target'), 'v0');
    for (let i = 1; i <= 20; i++) {
      await fs.writeFile(at('tmp'), `v${i}`);
      const [, seen] = await Promise.all([fs.rename(at('tmp'), at('target')), fs.readFile(at('target'), 'utf8')]);
      assert.ok(seen === `v${i - 1}` || seen === `v${i}`, seen);
    }
  });

  it('rename moves a directory with its contents, over an empty one', async (fs, at) => {
    await fs.mkdir(at('src/sub'), { recursive: true });
    await fs.writeFile(at('src/sub/f'), 'f');
    await fs.mkdir(at('empty'));
    await fs.rename(at('src'), at('empty'));
    assert.equal(await fs.readFile(at('empty/sub/f'), 'utf8'), 'f');
    await fs.rename(at('empty'), at('moved'));
    assert.deepEqual(await fs.readdir(at('')), ['moved']);
    assert.equal(await fs.readFile(at('moved/sub/f'), 'utf8'), 'f');
  });

  it('rename fails with ENOENT, ENOTEMPTY, ENOTDIR, EISDIR and EINVAL', async (fs, at) => {
    await fs.mkdir(at('d/sub'), { recursive: true });
    await fs.mkdir(at('full'));
    await fs.writeFile(at('full/x'), 'x');
    await fs.writeFile(at('f'), 'f');
    await assert.rejects(fs.rename(at('missing'), at('g')), { code: 'ENOENT' });
    await assert.rejects(fs.rename(at('f'), at('nowhere/f')), { code: 'ENOENT' });
    await assert.rejects(fs.rename(at('d'), at('full')), { code: 'ENOTEMPTY' });
    await assert.rejects(fs.rename(at('d'), at('f')), { code: 'ENOTDIR' });
    await assert.rejects(fs.rename(at('f'), at('d')), { code: 'EISDIR' });
    await assert.rejects(fs.rename(at('d'), at('d/sub/inner')), { code: 'EINVAL' });
    assert.equal(await fs.readFile(at('f'), 'utf8'), 'f');
    assert.deepEqual(await fs.readdir(at('d')), ['sub']);
  });

  it('stat and lstat describe files, directories and links', async (fs, at) => {
    await fs.writeFile(at('f'), 'four');
    await fs.mkdir(at('d'));
    await fs.symlink('f', at('l'));
    const f = await fs.stat(at('f'));
    assert.deepEqual([f.isFile(), f.isDirectory(), f.isSymbolicLink()], [true, false, false]);
    assert.equal(f.size, 4);
    assert.equal(type(f.mode), 0o100000);
    for (const n of [f.mtimeMs, f.ctimeMs, f.ino, f.uid, f.gid, f.dev]) assert.ok(Number.isFinite(n));
    const d = await fs.stat(at('d'));
    assert.deepEqual([d.isFile(), d.isDirectory(), d.isSymbolicLink()], [false, true, false]);
    assert.equal(type(d.mode), 0o040000);
    assert.notEqual(d.ino, f.ino);
    const viaLink = await fs.stat(at('l'));
    assert.equal(viaLink.ino, f.ino);
    assert.ok(viaLink.isFile());
    const link = await fs.lstat(at('l'));
    assert.deepEqual([link.isFile(), link.isDirectory(), link.isSymbolicLink()], [false, false, true]);
    assert.equal(type(link.mode), 0o120000);
    assert.equal(link.size, 1);
    assert.ok((await fs.lstat(at('f'))).isFile());
    await assert.rejects(fs.stat(at('missing')), { code: 'ENOENT' });
    await assert.rejects(fs.lstat(at('missing')), { code: 'ENOENT' });
    await assert.rejects(fs.stat(at('f/x')), { code: 'ENOTDIR' });
  });

  it('symlink stores the target as given, and paths resolve through it', async (fs, at) => {
    await fs.mkdir(at('d/e'), { recursive: true });
    await fs.writeFile(at('d/e/f'), 'deep');
    await fs.symlink('d/e', at('rel'));
    await fs.symlink(at('d'), at('abs'));
    await fs.symlink('../e/f', at('d/e/up'));
    assert.equal(await fs.readlink(at('rel')), 'd/e');
    assert.equal(await fs.readlink(at('abs')), at('d'));
    assert.equal(await fs.readFile(at('rel/f'), 'utf8'), 'deep');
    assert.equal(await fs.readFile(at('abs/e/f'), 'utf8'), 'deep');
    assert.equal(await fs.readFile(at('d/e/up'), 'utf8'), 'deep');
    assert.deepEqual(sorted(await fs.readdir(at('rel'))), ['f', 'up']);
    await fs.writeFile(at('rel/g'), 'via link');
    assert.equal(await fs.readFile(at('d/e/g'), 'utf8'), 'via link');
  });

  it('symlink may dangle; writing through it creates the target', async (fs, at) => {
    await fs.symlink('target', at('l'));
    await assert.rejects(fs.stat(at('l')), { code: 'ENOENT' });
    assert.equal(await fs.readlink(at('l')), 'target');
    await fs.writeFile(at('l'), 'made');
    assert.equal(await fs.readFile(at('target'), 'utf8'), 'made');
    assert.ok((await fs.lstat(at('l'))).isSymbolicLink());
  });

  it('symlink and readlink fail with EEXIST, ENOENT, EINVAL and ELOOP', async (fs, at) => {
    await fs.writeFile(at('f'), 'f');
    await fs.symlink('f', at('l'));
    await assert.rejects(fs.symlink('x', at('l')), { code: 'EEXIST' });
    await assert.rejects(fs.symlink('x', at('f')), { code: 'EEXIST' });
    await assert.rejects(fs.symlink('x', at('missing/l')), { code: 'ENOENT' });
    await assert.rejects(fs.readlink(at('missing')), { code: 'ENOENT' });
    await assert.rejects(fs.readlink(at('f')), { code: 'EINVAL' });
    await fs.symlink('loop-b', at('loop-a'));
    await fs.symlink('loop-a', at('loop-b'));
    await assert.rejects(fs.stat(at('loop-a')), { code: 'ELOOP' });
  });

  it('chmod sets permission bits, following links', async (fs, at) => {
    await fs.writeFile(at('f'), 'f');
    await fs.chmod(at('f'), 0o600);
    assert.equal(perms((await fs.stat(at('f'))).mode), 0o600);
    await fs.symlink('f', at('l'));
    await fs.chmod(at('l'), 0o755);
    assert.equal(perms((await fs.stat(at('f'))).mode), 0o755);
    assert.equal(type((await fs.stat(at('f'))).mode), 0o100000);
    await fs.mkdir(at('d'));
    await fs.chmod(at('d'), 0o700);
    assert.equal(perms((await fs.stat(at('d'))).mode), 0o700);
    await assert.rejects(fs.chmod(at('missing'), 0o600), { code: 'ENOENT' });
  });

  it("paths with '.', '..' and repeated slashes resolve", async (fs, at) => {
    await fs.mkdir(at('a/b'), { recursive: true });
    await fs.writeFile(at('a/./b//f'), 'f');
    assert.equal(await fs.readFile(at('a/b/../b/f'), 'utf8'), 'f');
    assert.deepEqual(await fs.readdir(at('a//b/.')), ['f']);
    assert.ok((await fs.stat(at('a/b/..'))).isDirectory());
  });

  // The commit ids are the ones git itself writes for the same files, modes, author and dates.
  it('isomorphic-git builds the same repository', async (fs, at) => {
    const client = gitFs(fs);
    const dir = at('repo');
    const author = { name: 'Xet Cache', email: 'cache@example.com', timestamp: 1_700_000_000, timezoneOffset: 0 };
    await fs.mkdir(dir);
    await git.init({ fs: client, dir, defaultBranch: 'main' });
    assert.equal(await fs.readFile(`${dir}/.git/HEAD`, 'utf8'), 'ref: refs/heads/main\n');
    await fs.writeFile(`${dir}/a.txt`, 'alpha\n');
    await fs.mkdir(`${dir}/sub`);
    await fs.writeFile(`${dir}/sub/b.bin`, new Uint8Array([0, 1, 2, 255]));
    await fs.writeFile(`${dir}/run.sh`, '#!/bin/sh\n', { mode: 0o755 });
    await fs.symlink('a.txt', `${dir}/link`);
    for (const filepath of ['a.txt', 'sub/b.bin', 'run.sh', 'link']) await git.add({ fs: client, dir, filepath });
    const first = await git.commit({ fs: client, dir, message: 'first', author });
    assert.equal(first, 'c9a16b63ab340449046484d3514599f0e360aeea');
    assert.equal(await git.resolveRef({ fs: client, dir, ref: 'HEAD' }), first);

    const { tree } = await git.readTree({ fs: client, dir, oid: first });
    assert.deepEqual(
      tree.map((e) => [e.path, e.mode, e.type]),
      [
        ['a.txt', '100644', 'blob'],
        ['link', '120000', 'blob'],
        ['run.sh', '100755', 'blob'],
        ['sub', '040000', 'tree'],
      ],
    );
    const { blob } = await git.readBlob({ fs: client, dir, oid: first, filepath: 'sub/b.bin' });
    assert.deepEqual([...blob], [0, 1, 2, 255]);
    const link = await git.readBlob({ fs: client, dir, oid: first, filepath: 'link' });
    assert.equal(new TextDecoder().decode(link.blob), 'a.txt');

    await fs.writeFile(`${dir}/a.txt`, 'alpha, changed\n');
    await fs.writeFile(`${dir}/c.txt`, 'untracked\n');
    await git.remove({ fs: client, dir, filepath: 'sub/b.bin' });
    assert.deepEqual(await git.statusMatrix({ fs: client, dir }), [
      ['a.txt', 1, 2, 1],
      ['c.txt', 0, 2, 0],
      ['link', 1, 1, 1],
      ['run.sh', 1, 1, 1],
      ['sub/b.bin', 1, 1, 0],
    ]);

    await git.add({ fs: client, dir, filepath: 'a.txt' });
    const later = { ...author, timestamp: 1_700_000_060 };
    const second = await git.commit({ fs: client, dir, message: 'second', author: later });
    assert.equal(second, 'e396dc82ae6688d4f836394dfcf50837c3996069');
    const log = await git.log({ fs: client, dir });
    assert.deepEqual(
      log.map((c) => [c.oid, c.commit.message, c.commit.parent]),
      [
        [second, 'second\n', [first]],
        [first, 'first\n', []],
      ],
    );
    assert.deepEqual(await git.statusMatrix({ fs: client, dir }), [
      ['a.txt', 1, 1, 1],
      ['c.txt', 0, 2, 0],
      ['link', 1, 1, 1],
      ['run.sh', 1, 1, 1],
      ['sub/b.bin', 0, 2, 0],
    ]);
  });
}
