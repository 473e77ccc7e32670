// The account tables, as versioned Kysely migrations written in code (no
// files to ship or find): people and their credentials. Written for both
// engines the store of record runs on, SQLite and PostgreSQL, so the list can
// join the store's own migration list; names sort after the store's.

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

export const ACCOUNT_MIGRATIONS: Record<string, Migration> = {
  'accounts-0001-people-and-credentials': {
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
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('account_credentials').execute();
      await db.schema.dropTable('accounts').execute();
    },
  },
};
