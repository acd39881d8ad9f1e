// `xetcache rm KEY... [--yes]`: a dry run that lists what would go, unless --yes.

import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { formatBytes, json, projectOptions, withProject } from './project.js';

export async function rmCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { ...projectOptions, yes: { type: 'boolean', short: 'y', default: false } },
    allowPositionals: true,
  });
  if (positionals.length === 0) throw new UsageError('usage: xetcache rm KEY... [--yes] [--project P]');
  return withProject(io, values.project, async (store) => {
    const report = await store.delete(positionals, { dryRun: !values.yes });
    await store.flush();
    if (values.json) {
      json(io, report);
    } else {
      const verb = report.dryRun ? 'would remove' : 'removed';
      for (const e of report.entries) io.stdout(`${verb} ${e.key} (${formatBytes(e.size)})\n`);
      if (report.dryRun && report.entries.length) io.stdout('dry run: nothing removed; add --yes to remove\n');
    }
    if (report.missing.length) {
      io.stderr(`xetcache: no entry ${report.missing.map((k) => JSON.stringify(k)).join(', ')} in this project\n`);
      return 1;
    }
    return 0;
  });
}
