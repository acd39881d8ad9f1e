// Request bodies: which can be sent again, and how long they are.

import type { HttpBody, ReplayableBody } from './types.js';

export function isReplayableBody(body: HttpBody): body is ReplayableBody {
  return typeof (body as Partial<ReplayableBody>).open === 'function';
}

/** Whether a request with this body may be sent more than once. */
export function canReplay(body: HttpBody | undefined): boolean {
  return body === undefined || typeof body === 'string' || body instanceof Uint8Array || isReplayableBody(body);
}

/** A replayable body over bytes produced anew by `open` for each attempt. */
export function replayable(open: ReplayableBody['open'], length?: number): ReplayableBody {
  return length === undefined ? { open } : { open, length };
}
