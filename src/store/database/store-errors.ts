// The one error of the store of record: a database that cannot be opened,
// migrated or written (unreachable, read-only, full, newer than this
// program). `file` names the store (its file, or its address without the
// password); the hint says what to do.

import { withoutPassword } from '../../core/addresses.js';
import { DiptychError } from '../../core/errors.js';

export class StoreOfRecordError extends DiptychError {
  override name = 'StoreOfRecordError';
}

const READ_ONLY = new Set(['SQLITE_READONLY', 'SQLITE_READONLY_DIRECTORY', 'SQLITE_READONLY_DBMOVED', 'SQLITE_CANTOPEN', 'SQLITE_PERM', 'SQLITE_AUTH', 'EROFS', 'EACCES', 'EPERM']);
const FULL = new Set(['SQLITE_FULL', 'ENOSPC', '53100']);
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', '57P01', '57P03', '28P01', '3D000']);

/** A database failure as the store's error, naming it and saying what to do; other errors as they are. */
export function storeFailure(error: unknown, location: string): unknown {
  if (error instanceof DiptychError) return error;
  const code = String((error as { code?: unknown })?.code ?? '');
  const baseCode = code.replace(/^(SQLITE_IOERR)_.*/, '$1');
  const says = (error as Error)?.message ?? String(error);
  const fail = (message: string, hint: string) => new StoreOfRecordError(`${message} (${says})`, { file: location, hint, cause: error });
  if (READ_ONLY.has(code) || /readonly|read-only/i.test(says)) {
    return fail('cannot be written: the store is read-only', 'make the store file and its folder writable (or remount the disk read-write), then run again; nothing was changed');
  }
  if (FULL.has(code) || /database or disk is full/i.test(says)) {
    return fail('cannot be written: the disk is full', 'free space on the disk that holds the store, then run again; the last acknowledged save is kept');
  }
  if (baseCode === 'SQLITE_IOERR') return fail('cannot be read or written (a disk error)', 'check the disk that holds the store; restore the store from a backup if it is damaged');
  if (UNREACHABLE.has(code)) {
    return fail('cannot be reached', 'check that PostgreSQL runs at that address and accepts this user, or give another with --db or DIPTYCH_DB');
  }
  return error;
}

/** A PostgreSQL address as errors name the store: without its password. Here, not in postgres-engine.ts, so that naming one does not load pg. */
export function redactAddress(url: string): string {
  return withoutPassword(url, 'the PostgreSQL address given (not a valid URL)');
}
