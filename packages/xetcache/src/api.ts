// The functions of SPEC §3, bound to the process's runtime.

import { checkSettings, createMemoApi, type MemoApi, type MemoSettings, type SerializerRegistry } from '@xetcache/core';
import { defaultRuntime } from './default-runtime.js';
import type { ProjectLocation } from './paths.js';

let api: MemoApi | undefined;
const memoApi = (): MemoApi => (api ??= createMemoApi(defaultRuntime()));

export const memo: MemoApi['memo'] = ((...args: Parameters<MemoApi['memo']>) =>
  (memoApi().memo as (...a: unknown[]) => unknown)(...args)) as MemoApi['memo'];

export const xeteval: MemoApi['xeteval'] = ((...args: unknown[]) =>
  (memoApi().xeteval as (...a: unknown[]) => unknown)(...args)) as MemoApi['xeteval'];

export const memoBlock: MemoApi['memoBlock'] = (options, compute) => memoApi().memoBlock(options, compute);

/** Global memo settings: thresholdMs, mode, debug. Returns the settings now in force. */
export function configure(settings: Partial<MemoSettings>): MemoSettings {
  checkSettings(settings, 'configure()');
  return defaultRuntime().configure(settings);
}

/** The current cache project: `owner/name` or a directory. */
export function setProject(project: string): ProjectLocation {
  return defaultRuntime().setProject(project);
}

/** Commit every open project's pending entries now (also done shortly after writes and on exit). */
export function flush(): Promise<void> {
  return defaultRuntime().flush();
}

export const serializers: SerializerRegistry = new Proxy({} as SerializerRegistry, {
  get: (_, prop) => {
    const registry = defaultRuntime().serializers;
    const value = registry[prop as keyof SerializerRegistry];
    return typeof value === 'function' ? value.bind(registry) : value;
  },
});
