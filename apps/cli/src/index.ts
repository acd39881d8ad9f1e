// @xetcache/cli: the `xetcache` command, callable in-process for tests and embedding.

export { run } from './main.js';
export type { CliIo } from './io.js';
export { UsageError } from './errors.js';
