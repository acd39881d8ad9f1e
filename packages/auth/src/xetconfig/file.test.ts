// Reading and writing ~/.xetconfig on a real disk: errors name the file and line, the mode is
// 0600 after every write, a link is never written through.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import { chmod, mkdir, readFile, readdir, rm, stat, symlink, writeFile, lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { tempHome } from '../testing/deps.js';
import { readXetconfig } from './read.js';
import { writeXetconfig } from './write.js';

const root = await tempHome();
after(() => rm(root, { recursive: true, force: true }));
let n = 0;
const freshDir = async () => {
  const dir = join(root, String(n++));
  await mkdir(dir);
  return dir;
};
const posix = process.platform !== 'win32';

test('a missing file reads as empty', async () => {
  const file = join(await freshDir(), '.xetconfig');
  const config = await readXetconfig(fsp, file);
  assert.deepEqual({ exists: config.exists, text: config.text, data: config.data }, { exists: false, text: '', data: {} });
});

test('malformed TOML is an error naming the file, line and column, without quoting the line', async () => {
  const file = join(await freshDir(), '.xetconfig');
  await writeFile(file, 'endpoint = "http://127.0.0.1:4747"\n[user]\nname = "alice"\ntoken = "s3cret-abc\n', { mode: 0o600 });
  await assert.rejects(readXetconfig(fsp, file), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'ECONFIG');
    assert.ok(err.message.startsWith(`${file}:4:`), err.message);
    assert.ok(!err.message.includes('s3cret'), 'the token is not quoted');
    assert.equal(err.message.split('\n').length, 1);
    return true;
  });
});

test('a file with a token readable by group or others earns a warning saying how to fix it', { skip: !posix }, async () => {
  const file = join(await freshDir(), '.xetconfig');
  await writeFile(file, '[user]\nname = "a"\ntoken = "t"\n');
  const warnings: string[] = [];
  await chmod(file, 0o644);
  await readXetconfig(fsp, file, { warn: (m) => warnings.push(m) });
  assert.deepEqual(warnings, [`${file} holds a token and is readable by others than you (mode 0644); run: chmod 600 ${file}`]);
  await chmod(file, 0o600);
  await readXetconfig(fsp, file, { warn: (m) => warnings.push(m) });
  await writeFile(join(file), 'endpoint = "http://h:1"\n');
  await chmod(file, 0o644);
  await readXetconfig(fsp, file, { warn: (m) => warnings.push(m) });
  assert.equal(warnings.length, 1, 'no warning for 0600, nor for a file without a token');
});

test('writes are atomic, leave no temporary file, and end with mode 0600', { skip: !posix }, async () => {
  const dir = await freshDir();
  const file = join(dir, '.xetconfig');
  await writeFile(file, 'old = 1\n');
  await chmod(file, 0o644);
  await writeXetconfig(fsp, file, '[user]\nname = "a"\n');
  assert.equal(await readFile(file, 'utf8'), '[user]\nname = "a"\n');
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  assert.deepEqual(await readdir(dir), ['.xetconfig']);
  const created = join(await freshDir(), '.xetconfig');
  const umask = process.umask(0o000);
  try {
    await writeXetconfig(fsp, created, 'a = 1\n');
  } finally {
    process.umask(umask);
  }
  assert.equal((await stat(created)).mode & 0o777, 0o600);
});

test('a symbolic link is refused for writing, and neither it nor its target changes', { skip: !posix }, async () => {
  const dir = await freshDir();
  const target = join(dir, 'dotfiles-xetconfig');
  const file = join(dir, '.xetconfig');
  await writeFile(target, 'endpoint = "http://h:1"\n');
  await symlink(target, file);
  // Reading goes through the link.
  assert.equal((await readXetconfig(fsp, file)).data.endpoint, 'http://h:1');
  await assert.rejects(writeXetconfig(fsp, file, 'x = 1\n'), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'ESYMLINK');
    assert.match(err.message, /is a symbolic link and xetcache does not write through links; replace it with a regular file/);
    return true;
  });
  assert.ok((await lstat(file)).isSymbolicLink());
  assert.equal(await readFile(target, 'utf8'), 'endpoint = "http://h:1"\n');
});
