#!/usr/bin/env node
// Runs the TypeScript tests of the given folders (every workspace when none is given) in one
// node:test run, so the output ends with a single summary. Node 20 does not discover .ts files
// itself, so they are listed here.
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const defaults = ['packages', 'apps', 'e2e'];
const args = process.argv.slice(2);
const targets = (args.length ? args : defaults).map((a) => join(root, a)).filter(existsSync);

function collect(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const files = targets.flatMap((t) => collect(t, [])).sort();
if (files.length === 0) {
  console.error('test: no *.test.ts files under', targets.map((t) => relative(root, t)).join(', '));
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--conditions=source', '--import', 'tsx', '--test', '--test-reporter=spec', ...files.map((f) => relative(root, f))],
  { cwd: root, stdio: 'inherit', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } },
);
process.exit(result.status ?? 1);
