// Kysely's runtime values for every file of the store, taken from this one
// (types still come from 'kysely'), so that one copy of Kysely runs. The
// shipped CLI is bundled (scripts/bundle.ts): Kysely's ES module build goes
// into the store's chunk, only the parts the store uses, instead of the some
// 290 modules Node.js would resolve and load one by one at run time.

export { CompiledQuery, Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
