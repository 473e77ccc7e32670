// The account tables, migrations of the store of record's list
// (database/migrations.ts): people and their credentials, the work
// assigned to them, and the glossary entries they add in the editor, in the
// same database as the articles. Kysely's schema builder writes it for both
// engines, SQLite and PostgreSQL.

import type { Kysely, Migration } from 'kysely';

export interface AccountTables {
  accounts: {
    name: string;
    role: string;
    password_hash: string | null;
    created_at: string;
  };
  /** One row per secret: a one-time sign-in token, a session or an API token; the secret only as a hash. */
  account_credentials: {
    id: string;
    kind: string;
    account: string;
    hash: string;
    label: string | null;
    created_at: string;
    expires_at: string | null;
  };
  /** Work given to a person: an article, or the segments `first_segment`…`last_segment` of it (ids, in article order). */
  assignments: {
    id: string;
    slug: string;
    account: string;
    first_segment: string | null;
    last_segment: string | null;
    assigned_by: string;
    assigned_at: string;
  };
  /** Glossary entries a team added in the editor, with who and when (the glossary files stay as they are). */
  team_terms: {
    id: string;
    source: string;
    target: string;
    type: string;
    note: string;
    added_by: string;
    added_at: string;
  };
}

export const ACCOUNTS_MIGRATION: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('accounts')
      .addColumn('name', 'text', (column) => column.primaryKey())
      .addColumn('role', 'text', (column) => column.notNull())
      .addColumn('password_hash', 'text')
      .addColumn('created_at', 'text', (column) => column.notNull())
      .execute();
    await db.schema
      .createTable('account_credentials')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('kind', 'text', (column) => column.notNull())
      .addColumn('account', 'text', (column) => column.notNull().references('accounts.name').onDelete('cascade'))
      .addColumn('hash', 'text', (column) => column.notNull())
      .addColumn('label', 'text')
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('expires_at', 'text')
      .execute();
    await db.schema.createIndex('account_credentials_by_account').on('account_credentials').column('account').execute();
  },
};

export const ASSIGNMENTS_MIGRATION: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('assignments')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('slug', 'text', (column) => column.notNull())
      .addColumn('account', 'text', (column) => column.notNull().references('accounts.name').onDelete('cascade'))
      .addColumn('first_segment', 'text')
      .addColumn('last_segment', 'text')
      .addColumn('assigned_by', 'text', (column) => column.notNull())
      .addColumn('assigned_at', 'text', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('assignments_by_account').on('assignments').column('account').execute();
    await db.schema.createIndex('assignments_by_article').on('assignments').column('slug').execute();
  },
};

export const TEAM_TERMS_MIGRATION: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('team_terms')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('source', 'text', (column) => column.notNull().unique())
      .addColumn('target', 'text', (column) => column.notNull())
      .addColumn('type', 'text', (column) => column.notNull())
      .addColumn('note', 'text', (column) => column.notNull())
      .addColumn('added_by', 'text', (column) => column.notNull())
      .addColumn('added_at', 'text', (column) => column.notNull())
      .execute();
  },
};
