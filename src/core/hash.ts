import { createHash } from 'node:crypto';

/** Short, stable hex digest used for ids and versions (not for security). */
export function shortHash(text: string, length = 12): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}
