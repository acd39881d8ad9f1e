// An action ready to use: from the batch answer in hand, or asked for again when it expires
// within the margin (once; an action still valid but close to expiry is then used as it is).

import { RemoteError } from '../errors.js';
import { batch } from './batch.js';
import type { LfsContext } from './context.js';
import { isExpiring } from './expiry.js';
import type { BatchItem, BatchOptions, LfsAction, LfsObject, LfsOperation } from './types.js';

export async function batchOne(ctx: LfsContext, operation: LfsOperation, object: LfsObject, options: BatchOptions): Promise<BatchItem> {
  const { objects } = await batch(ctx, operation, [object], options);
  return objects[0]!;
}

export async function usableAction(
  ctx: LfsContext,
  operation: LfsOperation,
  object: LfsObject,
  name: 'download' | 'upload' | 'verify',
  options: BatchOptions,
  item?: BatchItem,
): Promise<{ item: BatchItem; action?: LfsAction }> {
  let current = item ?? (await batchOne(ctx, operation, object, options));
  let renewed = false;
  for (;;) {
    if (current.error) throw current.error;
    const action = current.actions?.[name];
    if (!action || !isExpiring(action, ctx.now(), ctx.expiryMarginMs)) return { item: current, action };
    if (renewed) {
      if (action.expiresAt! > ctx.now()) return { item: current, action };
      throw new RemoteError('EEXPIRED', `the LFS server keeps handing out expired ${name} actions for ${object.oid}`, { oid: object.oid });
    }
    current = await batchOne(ctx, operation, object, options);
    renewed = true;
  }
}
