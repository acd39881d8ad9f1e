// POST {endpoint}/objects/batch: which transfers to make. At most 100 objects per request
// (longer lists are split), each oid asked once; errors on single objects stay with those
// objects, and an upload object without actions is one the server already has.

import { RemoteError, codeForStatus } from '../errors.js';
import { readJson } from '../http/response.js';
import { describeUrl } from '../http/describe-url.js';
import type { LfsContext } from './context.js';
import { expiresAt } from './expiry.js';
import { LFS_JSON_HEADERS, isJsonType } from './media.js';
import { checkSize, wireOid } from './oid.js';
import type { BatchItem, BatchOptions, BatchResult, LfsAction, LfsObject, LfsOperation } from './types.js';

export const MAX_BATCH_OBJECTS = 100;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function protocol(url: string, what: string): RemoteError {
  return new RemoteError('EPROTOCOL', `the LFS server at ${describeUrl(url)} answered a batch request wrongly: ${what}`, { url: describeUrl(url) });
}

function parseAction(raw: unknown, base: string, receivedAt: number, batchUrl: string): LfsAction {
  if (!isObject(raw) || typeof raw.href !== 'string' || !raw.href) throw protocol(batchUrl, 'an action without an href');
  let href: string;
  try {
    href = new URL(raw.href, base).href;
  } catch {
    throw protocol(batchUrl, 'an action href that is not a URL');
  }
  if (!/^https?:$/.test(new URL(href).protocol)) throw protocol(batchUrl, 'an action href that is not http(s)');
  const header: Record<string, string> = {};
  if (raw.header !== undefined && raw.header !== null) {
    if (!isObject(raw.header)) throw protocol(batchUrl, 'action headers that are not an object');
    for (const [name, value] of Object.entries(raw.header)) {
      if (typeof value !== 'string') throw protocol(batchUrl, `a non-string action header ${JSON.stringify(name)}`);
      header[name.toLowerCase()] = value;
    }
  }
  const at = expiresAt(raw, receivedAt);
  return at === undefined ? { href, header } : { href, header, expiresAt: at };
}

function objectError(raw: unknown, oid: string, batchUrl: string): RemoteError {
  if (!isObject(raw)) throw protocol(batchUrl, 'an object error that is not an object');
  const status = typeof raw.code === 'number' ? raw.code : 0;
  const said = typeof raw.message === 'string' && raw.message ? raw.message.split(/\r?\n/)[0]!.slice(0, 200) : 'no message';
  return new RemoteError(codeForStatus(status), `LFS object ${oid}: ${said} (error ${status})`, { oid, status });
}

async function batchOnce(ctx: LfsContext, operation: LfsOperation, objects: Array<{ oid: string; hex: string; size: number }>, options: BatchOptions): Promise<BatchResult> {
  const url = `${ctx.endpoint}/objects/batch`;
  const transfers = options.transfers ?? ctx.transfers;
  const body = {
    operation,
    transfers,
    ...(options.ref ? { ref: { name: options.ref } } : {}),
    objects: objects.map(({ hex, size }) => ({ oid: hex, size })),
    hash_algo: 'sha256',
  };
  const response = await ctx.http({ method: 'POST', url, headers: { ...LFS_JSON_HEADERS }, body: JSON.stringify(body), signal: options.signal });
  const receivedAt = ctx.now();
  if (!isJsonType(response.headers.get('content-type'))) {
    await response.cancel();
    throw protocol(url, `Content-Type ${JSON.stringify(response.headers.get('content-type'))} instead of ${LFS_JSON_HEADERS['content-type']}`);
  }
  const answer = await readJson(response, `POST ${describeUrl(url)}`);
  if (!isObject(answer) || !Array.isArray(answer.objects)) throw protocol(url, 'no objects array');
  const transfer = answer.transfer === undefined || answer.transfer === null ? 'basic' : answer.transfer;
  if (typeof transfer !== 'string' || !transfers.includes(transfer)) throw protocol(url, `transfer ${JSON.stringify(transfer)}, which was not offered`);
  if (answer.hash_algo !== undefined && answer.hash_algo !== 'sha256') throw protocol(url, `hash_algo ${JSON.stringify(answer.hash_algo)}`);

  const answered = new Map<string, Json>();
  for (const raw of answer.objects as unknown[]) {
    if (!isObject(raw) || typeof raw.oid !== 'string') throw protocol(url, 'an object without an oid');
    answered.set(raw.oid, raw);
  }
  const items = objects.map(({ oid, hex, size }): BatchItem => {
    const raw = answered.get(hex);
    if (!raw) return { oid, size, error: new RemoteError('EPROTOCOL', `the LFS server did not answer for object ${hex}`, { oid }) };
    if (raw.error !== undefined && raw.error !== null) return { oid, size, error: objectError(raw.error, hex, url) };
    if (raw.actions === undefined || raw.actions === null) return { oid, size };
    if (!isObject(raw.actions)) throw protocol(url, 'actions that are not an object');
    const actions: BatchItem['actions'] = {};
    for (const name of ['download', 'upload', 'verify'] as const) {
      if (raw.actions[name] !== undefined) actions[name] = parseAction(raw.actions[name], url, receivedAt, url);
    }
    return { oid, size, actions };
  });
  return { transfer, objects: items };
}

export async function batch(ctx: LfsContext, operation: LfsOperation, objects: LfsObject[], options: BatchOptions = {}): Promise<BatchResult> {
  if (operation !== 'upload' && operation !== 'download') throw new RemoteError('EINVAL', `an LFS operation is "upload" or "download", got ${JSON.stringify(operation)}`);
  const distinct = new Map<string, { oid: string; hex: string; size: number }>();
  for (const object of objects) {
    const hex = wireOid(object.oid);
    if (!distinct.has(hex)) distinct.set(hex, { oid: object.oid, hex, size: checkSize(object.size) });
  }
  const all = [...distinct.values()];
  const results: BatchItem[] = [];
  let transfer: string | undefined;
  for (let i = 0; i < all.length; i += MAX_BATCH_OBJECTS) {
    const part = await batchOnce(ctx, operation, all.slice(i, i + MAX_BATCH_OBJECTS), options);
    // One transfer for the whole list, so callers handle a single kind of actions.
    if (transfer !== undefined && part.transfer !== transfer) {
      throw protocol(`${ctx.endpoint}/objects/batch`, `transfer ${part.transfer} for some objects and ${transfer} for others`);
    }
    transfer = part.transfer;
    results.push(...part.objects);
  }
  return { transfer: transfer ?? 'basic', objects: results };
}
