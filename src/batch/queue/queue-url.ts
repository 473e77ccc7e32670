// Where the queue's connection string comes from: an option or
// DIPTYCH_QUEUE_URL. Apart from connection.ts so that every batch can ask
// whether it is a queue run without loading the PostgreSQL driver.

import { ConfigError } from '../../core/errors.js';

export const QUEUE_URL_ENV = 'DIPTYCH_QUEUE_URL';

/**
 * The connection string from `--queue <url>`, or from the environment for
 * `--queue` without a value (`true`), and for an absent option when `envAlone`
 * (the worker and cache commands, which always need one).
 */
export function queueUrlFrom(option: string | boolean | undefined, options: { envAlone?: boolean; env?: NodeJS.ProcessEnv } = {}): string | undefined {
  if (typeof option === 'string' && option !== '') return checkUrl(option);
  const fromEnv = (options.env ?? process.env)[QUEUE_URL_ENV];
  if (option === true || (option === undefined && options.envAlone)) {
    if (!fromEnv) throw new ConfigError(`--queue needs a connection string`, { hint: `give --queue postgres://user@host/db or set ${QUEUE_URL_ENV}` });
    return checkUrl(fromEnv);
  }
  return undefined;
}

function checkUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`the queue connection string is not a URL`, { hint: 'use postgres://user:password@host:5432/database' });
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new ConfigError(`the queue connection string must start with postgres://, not ${parsed.protocol}//`, { hint: 'use postgres://user:password@host:5432/database' });
  }
  return url;
}
