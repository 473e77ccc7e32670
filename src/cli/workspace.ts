// What a command works on, opened from its settings in one place and only
// when it is first used: the store of record (the output folder's embedded
// database, or PostgreSQL) and the team's accounts in it, the
// glossary, the translation memory and its state folder. Every command that
// reads or writes stored articles gets them here, so "which store, which
// glossary" is decided once — and a store of record that is a database
// (embedded in the output folder, or PostgreSQL for a team) is opened here and
// nowhere else.

import type { Glossary } from '../glossary/index.js';
import type { AccountStore, DatabaseStore, TranslationMemory } from '../store/index.js';
import { DEFAULT_GLOSSARY, loadGlossaryAt, stateDirOf, storeDatabaseFrom } from './settings.js';

export interface WorkspaceSettings {
  /** The output folder: the published files, and the state folder inside it. */
  out: string;
  /** Where the glossary is (file or folder). */
  glossary: string;
  /** Translation cache and memory folder, when not the output folder's own. */
  cache?: string;
  /** The store of record when not the output folder's embedded one: a PostgreSQL address (`--db`, else DIPTYCH_DB). */
  db?: string;
}

/** The settings from a command's options; the defaults every command shares. */
export function workspaceSettings(options: { out?: string; glossary?: string; cache?: string; db?: string }): WorkspaceSettings {
  const db = storeDatabaseFrom(options.db);
  return {
    out: options.out ?? 'out',
    glossary: options.glossary ?? DEFAULT_GLOSSARY,
    ...(options.cache !== undefined ? { cache: options.cache } : {}),
    ...(db !== undefined ? { db } : {}),
  };
}

export interface Workspace {
  readonly settings: WorkspaceSettings;
  /** The store of record, opened on first use (and closed with the workspace). */
  store(): Promise<DatabaseStore>;
  /** The team's accounts, in the store of record's database, opened on first use. */
  accounts(): Promise<AccountStore>;
  /** The glossary, loaded (and checked) on first use; `doing` names the work in the notice for a missing default folder. */
  glossary(doing?: string): Promise<Glossary>;
  /** The translation memory and cache folder: `--cache`, else the output folder's state folder. */
  stateDir(): Promise<string>;
  /** The translation memory, opened on first use (and closed with the workspace). */
  memory(): Promise<TranslationMemory>;
  /** Close what was opened. */
  close(): Promise<void>;
}

export function openWorkspace(settings: WorkspaceSettings): Workspace {
  let store: Promise<DatabaseStore> | undefined;
  let accounts: Promise<AccountStore> | undefined;
  let glossary: Promise<Glossary> | undefined;
  let memory: Promise<TranslationMemory> | undefined;
  const stateDir = () => stateDirOf(settings.out, settings.cache);
  return {
    settings,
    store: () => (store ??= import('../store/index.js').then(({ openStoreOfRecord }) => openStoreOfRecord({ outDir: settings.out, ...(settings.db !== undefined ? { db: settings.db } : {}) }))),
    accounts: () => (accounts ??= import('../store/index.js').then(({ openAccountStore }) => openAccountStore({ outDir: settings.out, ...(settings.db !== undefined ? { db: settings.db } : {}) }))),
    glossary: (doing) => (glossary ??= loadGlossaryAt(settings.glossary, doing)),
    stateDir,
    memory: () => (memory ??= (async () => (await import('../store/index.js')).TranslationMemory.open(await stateDir()))()),
    async close() {
      if (memory) await (await memory).close();
      if (accounts) await (await accounts.catch(() => undefined))?.close();
      if (store) await (await store.catch(() => undefined))?.close();
    },
  };
}
