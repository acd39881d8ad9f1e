// The package must run in browsers (SPEC §1): nothing it ships imports a node: module. Tests
// and src/testing/ (never built) may.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('.', import.meta.url));

function shipped(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'testing') shipped(path, out);
    } else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

test('no shipped file imports a node: module or reads process globals', () => {
  const files = shipped(src);
  assert.ok(files.length > 20);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    assert.doesNotMatch(text, /from ['"]node:|require\(['"]node:|import\(['"]node:/, relative(src, file));
    assert.doesNotMatch(text, /\bprocess\.(env|argv|cwd)|\bBuffer\./, relative(src, file));
  }
});
