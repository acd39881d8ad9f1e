// `xetcache verify [--repair]`: check every entry and every stored byte; exit 1 on damage that
// is left unrepaired.

import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { json, projectOptions, withProject } from './project.js';

export async function verifyCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { ...projectOptions, repair: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  if (positionals.length) throw new UsageError('usage: xetcache verify [--repair] [--json] [--project P]');
  return withProject(io, values.project, async (store) => {
    const report = await store.verify({ repair: values.repair });
    const problems = [
      ...report.store.problems.map((p) => `store ${p.kind} ${p.id}: ${p.message}`),
      ...report.problems.map((p) => `entry ${p.key === undefined ? p.id : JSON.stringify(p.key)}: ${p.message}`),
    ];
    if (values.json) json(io, report);
    else {
      for (const p of problems) io.stdout(`${p}\n`);
      for (const r of [...report.store.repaired, ...report.repaired]) io.stdout(`repaired: ${r}\n`);
      io.stdout(`${report.entries} entries, ${report.store.values} values, ${report.store.chunks} chunks checked: ${problems.length ? `${problems.length} problems` : 'ok'}\n`);
    }
    if (problems.length && !values.repair) {
      io.stderr(`xetcache: the project has ${problems.length} problems; run 'xetcache verify --repair'\n`);
      return 1;
    }
    return 0;
  });
}
