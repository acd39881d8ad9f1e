// memo(), xeteval() and memoBlock(): call through the cache. A hit returns the stored value; a
// miss computes, and stores the result when it took long enough (or always). Errors are never
// cached, and a failure to cache never fails the call: it is logged and the result returned.

import { XetcacheError } from '../errors.js';
import type { CacheStoreApi } from '../cache-store/cache-store.js';
import { blockKey, memoKey, type MemoKey } from './key/index.js';
import { explainCall } from './explain.js';
import { InFlight } from './inflight.js';
import type { MemoRuntime } from './runtime.js';
import { checkSettings, type MemoOptions } from './settings.js';

type AnyFn = (...args: never[]) => unknown;
export type Memoized<F extends AnyFn> = ((...args: Parameters<F>) => Promise<Awaited<ReturnType<F>>>) & {
  /** Why this call would miss (or that it would hit), without computing anything. */
  explain(...args: Parameters<F>): Promise<string>;
};

export interface MemoBlockOptions {
  inputs: Record<string, unknown>;
  key?: string;
  always?: boolean;
  ttl?: number | string;
  store?: string | CacheStoreApi;
}

export interface MemoApi {
  memo<F extends AnyFn>(fn: F, options?: MemoOptions): Memoized<F>;
  memo(options: MemoOptions): <F extends AnyFn>(fn: F) => Memoized<F>;
  xeteval<F extends AnyFn>(fn: F, ...args: Parameters<F>): Promise<Awaited<ReturnType<F>>>;
  xeteval<F extends AnyFn>(key: string, fn: F, ...args: Parameters<F>): Promise<Awaited<ReturnType<F>>>;
  memoBlock<T extends Record<string, unknown>>(options: MemoBlockOptions, compute: () => T | Promise<T>): Promise<T>;
}

interface Call {
  key: MemoKey;
  store: CacheStoreApi;
  options: MemoOptions;
  compute: () => unknown;
}

export function createMemoApi(runtime: MemoRuntime): MemoApi {
  const inflight = new InFlight();

  const storeOf = async (option: MemoOptions['store']): Promise<CacheStoreApi> =>
    option === undefined || typeof option === 'string' ? runtime.store(option) : option;

  async function run(call: Call): Promise<unknown> {
    const settings = { ...runtime.settings(), ...definedOnly(call.options) };
    const { store, key } = call;
    if (settings.mode === 'use') {
      try {
        const found = await store.lookup(key.key);
        if (found.hit) return found.value;
      } catch (err) {
        // A damaged entry or unreadable value is a miss: compute again and replace it.
        if (!(err instanceof XetcacheError)) throw err;
        runtime.log(`xetcache: recomputing ${key.key}: ${err.message}`);
      }
      if (settings.debug) runtime.log(`xetcache: miss for ${key.parts.fnName}: ${await explainCall(store, key.parts)}`);
    }
    const started = runtime.now();
    const value = await call.compute();
    const computeMs = runtime.now() - started;
    if (!call.options.always && computeMs < settings.thresholdMs) return value;
    try {
      const written = await store.write(key.key, value, {
        serializer: call.options.serializer,
        ttl: call.options.ttl,
        computeMs,
        memo: key.parts,
        ifAbsent: settings.mode === 'use',
      });
      if (!written.written) {
        // Another process stored this key first: return its value, so every caller sees one.
        const theirs = await store.lookup(key.key);
        if (theirs.hit) return theirs.value;
      }
    } catch (err) {
      runtime.log(`xetcache: could not cache ${key.key}: ${(err as Error).message}`);
    }
    return value;
  }

  async function keyFor(fn: AnyFn, args: unknown[], options: MemoOptions): Promise<MemoKey> {
    const named = { hash: await runtime.keyHash(), version: options.version, name: options.name };
    if (typeof options.key === 'string') {
      const parts = memoKey(fn, [], named).parts;
      return { key: options.key, parts };
    }
    if (typeof options.key === 'function') {
      return memoKey(fn, [(options.key as (...a: unknown[]) => unknown)(...args)], named);
    }
    return memoKey(fn, args, named);
  }

  function wrap<F extends AnyFn>(fn: F, options: MemoOptions): Memoized<F> {
    if (typeof fn !== 'function') throw new TypeError(`memo() needs a function, got ${typeof fn}`);
    checkSettings(options, 'memo()');
    const memoized = async (...args: Parameters<F>) => {
      const settings = { ...runtime.settings(), ...definedOnly(options) };
      if (settings.mode === 'off') return (await fn(...args)) as Awaited<ReturnType<F>>;
      const key = await keyFor(fn, args, options);
      const store = await storeOf(options.store);
      const compute = () => fn(...args);
      return (await inflight.run(`${settings.mode}\0${key.key}`, () => run({ key, store, options, compute }))) as Awaited<
        ReturnType<F>
      >;
    };
    memoized.explain = async (...args: Parameters<F>) => {
      const key = await keyFor(fn, args, options);
      const store = await storeOf(options.store);
      if (await store.has(key.key)) return `a hit: ${key.key} is stored`;
      return explainCall(store, key.parts);
    };
    return memoized as Memoized<F>;
  }

  function memo<F extends AnyFn>(fnOrOptions: F | MemoOptions, options: MemoOptions = {}) {
    if (typeof fnOrOptions === 'function') return wrap(fnOrOptions, options);
    return <G extends AnyFn>(fn: G) => wrap(fn, fnOrOptions);
  }

  async function xeteval(first: unknown, ...rest: unknown[]): Promise<unknown> {
    if (typeof first === 'string') {
      const [fn, ...args] = rest;
      if (typeof fn !== 'function') throw new TypeError('xeteval(key, fn, ...args) needs a function after the key');
      return wrap(fn as AnyFn, { key: first, always: true })(...(args as never[]));
    }
    if (typeof first !== 'function') throw new TypeError('xeteval(fn, ...args) needs a function');
    return wrap(first as AnyFn, { always: true })(...(rest as never[]));
  }

  async function memoBlock<T extends Record<string, unknown>>(options: MemoBlockOptions, compute: () => T | Promise<T>): Promise<T> {
    if (!options || typeof options !== 'object') throw new TypeError('memoBlock({ inputs }, compute) needs options');
    if (typeof compute !== 'function') throw new TypeError('memoBlock({ inputs }, compute) needs a compute function');
    const settings = runtime.settings();
    if (settings.mode === 'off') return compute();
    const derived = blockKey(compute, options.inputs, { hash: await runtime.keyHash() });
    const key = options.key === undefined ? derived : { key: options.key, parts: derived.parts };
    const store = await storeOf(options.store);
    const callOptions: MemoOptions = { always: options.always, ttl: options.ttl };
    return (await inflight.run(`${settings.mode}\0${key.key}`, () =>
      run({
        key,
        store,
        options: callOptions,
        compute: async () => {
          const outputs = await compute();
          if (!outputs || typeof outputs !== 'object') {
            throw new TypeError('memoBlock(): compute must return an object of named outputs');
          }
          return outputs;
        },
      }),
    )) as T;
  }

  return { memo: memo as MemoApi['memo'], xeteval: xeteval as MemoApi['xeteval'], memoBlock };
}

function definedOnly(options: MemoOptions): Partial<MemoOptions> {
  const out: Record<string, unknown> = {};
  for (const k of ['thresholdMs', 'mode', 'debug'] as const) if (options[k] !== undefined) out[k] = options[k];
  return out;
}
