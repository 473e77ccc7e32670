// Kysely as the store runs it: its CommonJS build, required once here, and
// every file of the store takes Kysely's values from this one (types still
// come from 'kysely'). Kysely is some 290 modules; Node.js loads them as
// CommonJS in about 60% of the CPU it takes as ES modules (about 50 ms less
// for every command that opens the store, a batch's start included). Two
// copies of Kysely must never run side by side, so nothing else in src/
// imports Kysely's values.

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const kysely = require('kysely') as typeof import('kysely');

export const { CompiledQuery, Kysely, Migrator, PostgresDialect, SqliteDialect, sql } = kysely;
