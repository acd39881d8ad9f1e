// `xetcache clone [--lazy] URL|OWNER/NAME [DIR]`, `push`, `pull` and `sync` (pull, then push):
// a project's entries travel as git commits, its values as the chunks the hub lacks (or the
// local store lacks). On a terminal, progress shows bytes processed beside bytes transferred.

import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cloneInto, hubHttp, isProjectName, locateProject, pullAll, pushAll, Runtime, type SyncProgress } from 'xetcache';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { cliEnv, formatBytes, json, projectOptions, withProject } from './project.js';

function progress(io: CliIo): ((p: SyncProgress) => void) | undefined {
  if (!io.isTTY) return undefined;
  return (p) => io.stderr(`\r${p.phase === 'upload' ? 'up' : 'down'}: ${formatBytes(p.processed)} processed, ${formatBytes(p.transferred)} transferred   `);
}

function endProgress(io: CliIo): void {
  if (io.isTTY) io.stderr('\n');
}

export async function cloneCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { lazy: { type: 'boolean', default: false }, endpoint: { type: 'string' }, json: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const [source, target] = positionals;
  if (!source || positionals.length > 2) throw new UsageError('usage: xetcache clone [--lazy] URL|OWNER/NAME [DIR]');
  const runtime = new Runtime(cliEnv(io), { commitDelayMs: Infinity });
  let url = source;
  let dir: string;
  if (isProjectName(source)) {
    const endpoint = values.endpoint ?? (await runtime.hubEndpoint());
    if (!endpoint) throw new UsageError('no hub set up: give --endpoint, set XET_ENDPOINT, or log in');
    url = `${endpoint.replace(/\/+$/, '')}/${source}.git`;
    dir = target ? resolve(io.cwd, target) : locateProject(source, cliEnv(io)).dir;
  } else {
    const base = (new URL(source).pathname.split('/').pop() ?? 'project').replace(/\.git$/, '');
    dir = resolve(io.cwd, target ?? base);
  }
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new Error(`${dir} already exists and is not empty`);
  await cloneInto({ http: hubHttp(runtime.auth(), url) }, url, dir, values.lazy);
  let fetched = { values: 0, processed: 0, transferred: 0 };
  if (!values.lazy) {
    // An eager clone downloads every value now (only the chunks this machine lacks).
    const store = await runtime.store(dir);
    const report = await pullAll(store, dir, (await runtime.remote(dir))!, runtime.author(dir), progress(io));
    fetched = { values: report.values, processed: report.processed, transferred: report.transferred };
    endProgress(io);
  }
  await runtime.close();
  if (values.json) json(io, { url, dir, lazy: values.lazy, ...fetched });
  else
    io.stdout(
      `cloned ${url} to ${dir}${values.lazy ? ' (lazy: values come down on first use)' : `; ${fetched.values} values, ${formatBytes(fetched.transferred)} transferred`}\n`,
    );
  return 0;
}

async function withRemote(io: CliIo, project: string | undefined, fn: (runtime: Runtime, dir: string) => Promise<void>): Promise<void> {
  await withProject(io, project, async (_store, runtime) => {
    const dir = runtime.project(project).dir;
    if (!(await runtime.remote(project))) throw new Error(`the project at ${dir} has no hub remote: clone it from the hub, or create it with xetcache project create`);
    await fn(runtime, dir);
  });
}

async function pushOnce(io: CliIo, runtime: Runtime, project: string | undefined, asJson: boolean) {
  const report = await pushAll(await runtime.store(project), runtime.project(project).dir, (await runtime.remote(project))!, runtime.author(project), progress(io));
  endProgress(io);
  if (asJson) json(io, { push: report });
  else io.stdout(`pushed: ${report.values} values, ${formatBytes(report.processed)} processed, ${formatBytes(report.transferred)} transferred\n`);
}

async function pullOnce(io: CliIo, runtime: Runtime, project: string | undefined, asJson: boolean) {
  const report = await pullAll(await runtime.store(project), runtime.project(project).dir, (await runtime.remote(project))!, runtime.author(project), progress(io));
  endProgress(io);
  if (asJson) json(io, { pull: report });
  else io.stdout(`pulled: ${report.changed} entry files changed, ${report.values} values, ${formatBytes(report.transferred)} transferred\n`);
}

function parse(args: string[], usage: string) {
  const { values, positionals } = parseArgs({ args, options: projectOptions, allowPositionals: true });
  if (positionals.length) throw new UsageError(usage);
  return values;
}

export async function pushCommand(args: string[], io: CliIo): Promise<number> {
  const values = parse(args, 'usage: xetcache push [--project P] [--json]');
  await withRemote(io, values.project, (runtime) => pushOnce(io, runtime, values.project, values.json));
  return 0;
}

export async function pullCommand(args: string[], io: CliIo): Promise<number> {
  const values = parse(args, 'usage: xetcache pull [--project P] [--json]');
  await withRemote(io, values.project, (runtime) => pullOnce(io, runtime, values.project, values.json));
  return 0;
}

export async function syncCommand(args: string[], io: CliIo): Promise<number> {
  const values = parse(args, 'usage: xetcache sync [--project P] [--json]');
  await withRemote(io, values.project, async (runtime) => {
    await pullOnce(io, runtime, values.project, values.json);
    await pushOnce(io, runtime, values.project, values.json);
  });
  return 0;
}
