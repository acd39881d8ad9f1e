import assert from 'node:assert/strict';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { createLogger } from './log.js';

test('log lines are JSON, at mode 0600, and never hold a secret, a bearer token or URL credentials', async () => {
  const file = join(await mkdtemp(join(tmpdir(), 'xetcache-log-')), 'log.jsonl');
  const log = createLogger({ file, now: () => 0 });
  const token = 'xct_secret_token_1234567890';
  log.addSecret(token);
  log.log('warn', 'sync-failed', { error: new Error(`403 for token ${token}`), url: 'http://alice:pw123@hub:4747/x.git', header: 'Bearer abc.def' });
  const text = await readFile(file, 'utf8');
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  assert.ok(!text.includes(token));
  assert.ok(!text.includes('pw123'));
  assert.ok(!text.includes('abc.def'));
  const line = JSON.parse(text.trim());
  assert.equal(line.event, 'sync-failed');
  assert.equal(line.level, 'warn');
  assert.equal(line.time, '1970-01-01T00:00:00.000Z');
  assert.match(line.error, /403 for token \*\*\*/);
});

test('the log is rotated past its size limit, keeping one old file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'xetcache-log-'));
  const file = join(dir, 'log.jsonl');
  const log = createLogger({ file, maxBytes: 1000 });
  for (let i = 0; i < 50; i++) log.log('info', 'tick', { i, pad: 'x'.repeat(50) });
  assert.ok((await stat(file)).size <= 1000);
  assert.ok((await stat(`${file}.1`)).size > 0);
  const last = (await readFile(file, 'utf8')).trim().split('\n').pop()!;
  assert.equal(JSON.parse(last).i, 49);
});
