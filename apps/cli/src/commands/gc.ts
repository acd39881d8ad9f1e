// `xetcache gc [--max-size SIZE] [--dry-run]`: expired entries, then the least recently used
// beyond the size cap; then unused values and dead pack space.

import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { formatBytes, json, projectOptions, withProject } from './project.js';

export async function gcCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { ...projectOptions, 'max-size': { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  if (positionals.length) throw new UsageError('usage: xetcache gc [--max-size SIZE] [--dry-run] [--project P]');
  return withProject(io, values.project, async (store) => {
    const report = await store.gc({ maxSize: values['max-size'], dryRun: values['dry-run'] });
    if (values.json) json(io, report);
    else {
      const verb = report.dryRun ? 'would remove' : 'removed';
      for (const r of report.removed) io.stdout(`${verb} ${r.key} (${formatBytes(r.size)}, ${r.reason})\n`);
      io.stdout(`kept ${report.keptEntries} entries (${formatBytes(report.keptBytes)})`);
      io.stdout(report.dryRun ? '; dry run: nothing removed\n' : `; deleted ${report.deletedValues} values${report.keptRecentValues ? ` (${report.keptRecentValues} unused but stored in the last 10 minutes kept)` : ''}, freed ${formatBytes(report.freedBytes)}\n`);
    }
    return 0;
  });
}
