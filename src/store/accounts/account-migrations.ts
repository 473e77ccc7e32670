// The account tables, one migration of the store of record's list
// (database/migrations.ts): people and their credentials, in the same
// database as the articles. Kysely's schema builder writes it for both
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
