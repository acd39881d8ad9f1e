// The one runtime of a process that imports `xetcache`, created on first use.

import { processEnv } from './env.js';
import { Runtime } from './runtime.js';

let runtime: Runtime | undefined;

export function defaultRuntime(): Runtime {
  runtime ??= new Runtime(processEnv());
  return runtime;
}
