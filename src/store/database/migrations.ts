// The schema of the store of record as numbered migrations, defined here in
// code and applied on open by Kysely's Migrator, on either engine. A database
// that has run a migration this program does not know was written by a newer
// diptych: it is refused, never migrated backwards or written to.
//
// Add a migration at the end, with the next number; never edit one that has
// shipped (databases in the field have run it).

import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { Migrator, sql } from './kysely.js';
import { ACCOUNTS_MIGRATION, ASSIGNMENTS_MIGRATION, TEAM_TERMS_MIGRATION } from '../accounts/account-migrations.js';
import { StoreOfRecordError } from './store-errors.js';

export type Engine = 'sqlite' | 'postgres';

// Kysely's schema builder speaks to both engines; a migration branches only where the engines differ (text search).
type Db = Kysely<unknown>;

function records(engine: Engine): Migration {
  return {
    async up(db: Db) {
      await db.schema
        .createTable('articles')
        .addColumn('slug', 'text', (column) => column.primaryKey())
        .addColumn('title', 'text', (column) => column.notNull())
        .addColumn('fields', 'text', (column) => column.notNull())
        .addColumn('digest', 'text', (column) => column.notNull())
        .addColumn('version', 'integer', (column) => column.notNull())
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema
        .createTable('blocks')
        .addColumn('slug', 'text', (column) => column.notNull())
        .addColumn('position', 'integer', (column) => column.notNull())
        .addColumn('fields', 'text', (column) => column.notNull())
        .addColumn('digest', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('blocks_key', ['slug', 'position'])
        .execute();
      await db.schema
        .createTable('segments')
        // SQLite's rowid (the full-text index points at it); PostgreSQL's identity column.
        .addColumn('row_id', engine === 'sqlite' ? 'integer' : 'bigint', (column) => (engine === 'sqlite' ? column.primaryKey() : column.primaryKey().generatedAlwaysAsIdentity()))
        .addColumn('slug', 'text', (column) => column.notNull())
        .addColumn('block', 'integer', (column) => column.notNull())
        .addColumn('position', 'integer', (column) => column.notNull())
        .addColumn('id', 'text', (column) => column.notNull())
        .addColumn('revision', 'integer', (column) => column.notNull())
        .addColumn('source', 'text', (column) => column.notNull())
        .addColumn('target', 'text')
        .addColumn('state', 'text', (column) => column.notNull())
        .addColumn('rest', 'text', (column) => column.notNull())
        .addColumn('digest', 'text', (column) => column.notNull())
        .addUniqueConstraint('segments_place', ['slug', 'block', 'position'])
        .execute();
      await db.schema.createIndex('segments_id').on('segments').columns(['slug', 'id']).execute();
      for (const [table, columns] of [
        ['segment_versions', [['revision', 'integer'], ['origin', 'text'], ['by', 'text'], ['at', 'text']]],
        ['segment_comments', [['author', 'text'], ['at', 'text']]],
      ] as const) {
        let create = db.schema
          .createTable(table)
          .addColumn('slug', 'text', (column) => column.notNull())
          .addColumn('block', 'integer', (column) => column.notNull())
          .addColumn('position', 'integer', (column) => column.notNull())
          .addColumn('n', 'integer', (column) => column.notNull());
        for (const [name, type] of columns) create = create.addColumn(name, type, (column) => column.notNull());
        await create.addColumn('entry', 'text', (column) => column.notNull()).addPrimaryKeyConstraint(`${table}_key`, ['slug', 'block', 'position', 'n']).execute();
      }
    },
  };
}

/** Concordance: SQLite's FTS5 over the segments (kept in step by triggers, inside each save's transaction); PostgreSQL's full-text search. */
function concordance(engine: Engine): Migration {
  return {
    async up(db: Db) {
      if (engine === 'postgres') {
        for (const side of ['source', 'target']) {
          await sql`ALTER TABLE segments ADD COLUMN ${sql.raw(`${side}_words`)} tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(${sql.ref(side)}, ''))) STORED`.execute(db);
          await sql`CREATE INDEX ${sql.raw(`segments_${side}_words`)} ON segments USING gin (${sql.raw(`${side}_words`)})`.execute(db);
        }
        return;
      }
      // External content: the index holds only the words; the text stays in `segments`.
      await sql`CREATE VIRTUAL TABLE segment_words USING fts5(source, target, content='segments', content_rowid='row_id', tokenize='unicode61 remove_diacritics 2')`.execute(db);
      await sql`CREATE TRIGGER segments_words_insert AFTER INSERT ON segments BEGIN
        INSERT INTO segment_words (rowid, source, target) VALUES (new.row_id, new.source, coalesce(new.target, ''));
      END`.execute(db);
      await sql`CREATE TRIGGER segments_words_delete AFTER DELETE ON segments BEGIN
        INSERT INTO segment_words (segment_words, rowid, source, target) VALUES ('delete', old.row_id, old.source, coalesce(old.target, ''));
      END`.execute(db);
      await sql`CREATE TRIGGER segments_words_update AFTER UPDATE OF source, target ON segments BEGIN
        INSERT INTO segment_words (segment_words, rowid, source, target) VALUES ('delete', old.row_id, old.source, coalesce(old.target, ''));
        INSERT INTO segment_words (rowid, source, target) VALUES (new.row_id, new.source, coalesce(new.target, ''));
      END`.execute(db);
    },
  };
}

/** The embedded engine's change feed (PostgreSQL notifies instead), and the run manifest. */
function changesAndManifest(engine: Engine): Migration {
  return {
    async up(db: Db) {
      if (engine === 'sqlite') {
        await sql`CREATE TABLE changes (id INTEGER PRIMARY KEY AUTOINCREMENT, change TEXT NOT NULL)`.execute(db);
      }
      await db.schema
        .createTable('manifest_articles')
        .addColumn('slug', 'text', (column) => column.primaryKey())
        .addColumn('entry', 'text', (column) => column.notNull())
        .execute();
      await db.schema
        .createTable('manifest_settings')
        .addColumn('name', 'text', (column) => column.primaryKey())
        .addColumn('value', 'text', (column) => column.notNull())
        .execute();
    },
  };
}

/** The stamp of each article's published JSON, to notice a file edited by hand (published-edits.ts). */
const publishedFiles: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable('published_files')
      .addColumn('slug', 'text', (column) => column.primaryKey())
      .addColumn('stamp', 'text', (column) => column.notNull())
      .execute();
  },
};

/**
 * The article list pages in slug order: PostgreSQL's primary key index
 * follows the database's collation, so an index in byte order (SQLite's
 * primary key already is) lets a page be read without sorting every article.
 */
function articleList(engine: Engine): Migration {
  return {
    async up(db: Db) {
      if (engine === 'postgres') await sql`CREATE INDEX articles_slug_bytes ON articles (slug COLLATE "C")`.execute(db);
    },
  };
}

/** Which version of its record each article's files were published from: a kill between a save and its publication leaves them behind, and the next review publishes them again. */
const publishedVersions: Migration = {
  async up(db: Db) {
    await db.schema.alterTable('published_files').addColumn('version', 'integer').execute();
  },
};

/**
 * People's recent changes, newest first, each kind read through an index on
 * its time (activity-rows.ts): a person's versions, the comments, and the
 * time a segment was marked reviewed or approved (in its JSON). PostgreSQL's
 * indexes are in byte order, as the queries sort.
 */
function activity(engine: Engine): Migration {
  const bytes = engine === 'postgres' ? ' COLLATE "C"' : '';
  const stateAt = engine === 'postgres' ? `(rest::json #>> '{stateBy,at}')` : `json_extract(rest, '$.stateBy.at')`;
  return {
    async up(db: Db) {
      await sql.raw(`CREATE INDEX segment_versions_person_at ON segment_versions ((at${bytes})) WHERE origin = 'person'`).execute(db);
      await sql.raw(`CREATE INDEX segment_comments_at ON segment_comments ((at${bytes}))`).execute(db);
      await sql.raw(`CREATE INDEX segments_state_at ON segments ((${stateAt}${bytes})) WHERE ${stateAt} IS NOT NULL`).execute(db);
    },
  };
}

/** Every migration, by name; names sort in the order they apply. */
export function migrationsFor(engine: Engine): Record<string, Migration> {
  return {
    '0001_records': records(engine),
    '0002_concordance': concordance(engine),
    '0003_changes_and_manifest': changesAndManifest(engine),
    '0004_accounts': ACCOUNTS_MIGRATION,
    '0005_assignments': ASSIGNMENTS_MIGRATION,
    '0006_team_terms': TEAM_TERMS_MIGRATION,
    '0007_published_files': publishedFiles,
    '0008_article_list': articleList(engine),
    '0009_published_versions': publishedVersions,
    '0010_activity': activity(engine),
  };
}

/** The table where Kysely records the migrations run. */
const MIGRATION_TABLE = 'store_migrations';

/** Bring the schema up to date; refuse a database a newer diptych wrote. */
export async function migrate(db: Db, engine: Engine, location: string): Promise<void> {
  const migrations = migrationsFor(engine);
  await refuseNewer(db, Object.keys(migrations), location);
  const provider: MigrationProvider = { getMigrations: async () => migrations };
  const migrator = new Migrator({ db, provider, migrationTableName: MIGRATION_TABLE, migrationLockTableName: `${MIGRATION_TABLE}_lock` });
  const { error } = await migrator.migrateToLatest();
  if (error) throw new StoreOfRecordError(`cannot bring the store's schema up to date (${(error as Error).message})`, { file: location, hint: 'check that the store is writable and not damaged; restore it from a backup if it is', cause: error });
}

async function refuseNewer(db: Db, known: string[], location: string): Promise<void> {
  const tables = await db.introspection.getTables();
  if (!tables.some((table) => table.name === MIGRATION_TABLE)) return;
  const ran = await sql<{ name: string }>`SELECT name FROM ${sql.table(MIGRATION_TABLE)} ORDER BY name`.execute(db);
  const unknown = ran.rows.map((row) => row.name).filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new StoreOfRecordError(`was written by a newer diptych (schema ${unknown.at(-1)}; this one knows up to ${known.at(-1)})`, {
      file: location,
      hint: 'run the newer diptych on it, or open a copy of the output folder made before it was upgraded',
    });
  }
}

/** The migrations a store has run, oldest first (for messages and tests). */
export async function appliedMigrations(db: Db): Promise<string[]> {
  const ran = await sql<{ name: string }>`SELECT name FROM ${sql.table(MIGRATION_TABLE)} ORDER BY name`.execute(db);
  return ran.rows.map((row) => row.name);
}
