// The git-LFS batch API's objects and actions as this client hands them out
// (https://github.com/git-lfs/git-lfs/blob/main/docs/api/batch.md).

import type { RemoteError } from '../errors.js';

export type LfsOperation = 'upload' | 'download';

/** An LFS object: its oid (64 hex of SHA-256, with or without `sha256:`) and size in bytes. */
export interface LfsObject {
  oid: string;
  size: number;
}

export interface LfsAction {
  href: string;
  /** Headers to send with the action's request, names in lower case. */
  header: Record<string, string>;
  /** When the action stops working (ms since the epoch, from expires_in or expires_at). */
  expiresAt?: number;
}

export interface BatchItem {
  /** The oid as the caller gave it. */
  oid: string;
  size: number;
  /** Absent for an upload the server already has. */
  actions?: Partial<Record<'download' | 'upload' | 'verify', LfsAction>>;
  /** This object's own failure; the others in the batch are unaffected. */
  error?: RemoteError;
}

export interface BatchResult {
  /** The transfer adapter the server chose ('basic' when it did not say). */
  transfer: string;
  /** One per distinct oid asked for, in the order asked. */
  objects: BatchItem[];
}

export interface BatchOptions {
  /** Transfer adapters offered; default ['basic']. */
  transfers?: string[];
  /** The ref the objects belong to, e.g. refs/heads/main (lets servers grant per-branch access). */
  ref?: string;
  signal?: AbortSignal;
}

/** Bytes handled, and bytes that actually crossed the network, reported apart. */
export interface Progress {
  /** Bytes of the objects dealt with: sent, received and checked, or found already there. */
  processed: number;
  /** Bytes sent or received over the network, resent ones counted again. */
  transferred: number;
  /** Bytes of the objects in the operation. */
  total: number;
}

/** Progress over many objects. */
export interface BatchProgress extends Progress {
  objects: number;
  objectsDone: number;
}
