import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryProjectFs } from './memory.js';
import { projectFsConformance } from '../../testing/project-fs-conformance.js';

projectFsConformance('memory project fs', async () => {
  const fs = createMemoryProjectFs();
  await fs.mkdir('/project');
  return { fs, root: '/project', cleanup: async () => {} };
});

test('memory project fs: times come from the injected clock', async () => {
  let clock = 1_000;
  const fs = createMemoryProjectFs(() => clock);
  await fs.writeFile('/f', 'one');
  assert.equal((await fs.stat('/f')).mtimeMs, 1_000);
  clock = 2_500;
  await fs.writeFile('/f', 'two');
  assert.equal((await fs.stat('/f')).mtimeMs, 2_500);
  assert.equal((await fs.stat('/')).mtimeMs, 1_000);
  clock = 3_000;
  await fs.chmod('/f', 0o600);
  const stat = await fs.stat('/f');
  assert.deepEqual([stat.mtimeMs, stat.ctimeMs], [2_500, 3_000]);
  await fs.mkdir('/d');
  assert.equal((await fs.stat('/')).mtimeMs, 3_000);
});

test('memory project fs: paths must be absolute; .. stops at the root', async () => {
  const fs = createMemoryProjectFs();
  await assert.rejects(fs.readFile('relative/path'), { code: 'EINVAL' });
  await assert.rejects(fs.writeFile('', 'x'), { code: 'EINVAL' });
  await fs.writeFile('/../../f', 'f');
  assert.equal(await fs.readFile('//f', 'utf8'), 'f');
  assert.deepEqual(await fs.readdir('/..'), ['f']);
});

test('memory project fs: the root cannot be removed or replaced', async () => {
  const fs = createMemoryProjectFs();
  await fs.mkdir('/d');
  await assert.rejects(fs.rmdir('/'), { code: 'EBUSY' });
  await assert.rejects(fs.rm('/', { recursive: true }), { code: 'EBUSY' });
  await assert.rejects(fs.rename('/', '/d/x'), { code: 'EBUSY' });
  await assert.rejects(fs.writeFile('/', 'x'), { code: 'EISDIR' });
});

test('memory project fs: recursive mkdir reports the first directory it made', async () => {
  const fs = createMemoryProjectFs();
  await fs.mkdir('/a');
  assert.equal(await fs.mkdir('/a/b/c', { recursive: true }), '/a/b');
  assert.equal(await fs.mkdir('/a/b/c', { recursive: true }), undefined);
});
