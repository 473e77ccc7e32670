// The AccountStore on both engines of the store of record, SQLite in an
// output folder and PostgreSQL (a throwaway cluster, test/support/postgres.ts):
// one-time sign-in tokens, sessions, API tokens, passwords, roles, removal;
// expiry with a clock the test sets; and `diptych users` on each.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KyselyAccountStore, openAccountStore, roleAllows, SIGN_IN_LIFETIME } from '../src/store/index.js';
import { runCliAsync, tempDir } from './support/cli.js';
import { startPostgres, type TestPostgres } from './support/postgres.js';

let server: TestPostgres;
let folder: string;
const places: Record<'sqlite' | 'postgres', () => Promise<{ outDir: string; db?: string }>> = {
  sqlite: async () => ({ outDir: await tempDir('accounts') }),
  postgres: async () => ({ outDir: folder, db: await server.createDatabase(`accounts_${Math.random().toString(36).slice(2, 10)}`) }),
};

beforeAll(async () => {
  server = await startPostgres();
  folder = await tempDir('accounts-pg');
});
afterAll(async () => {
  await server?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe.each(['sqlite', 'postgres'] as const)('on %s', (engine) => {
  it('signs a person in once per link, and keeps the session until it ends', async () => {
    const accounts = await openAccountStore(await places[engine]());
    try {
      expect(await accounts.count()).toBe(0);
      const { account, signInToken } = await accounts.add('Élise', 'reviewer');
      expect(account).toMatchObject({ name: 'Élise', role: 'reviewer', hasPassword: false });
      const first = await accounts.exchangeSignInToken(signInToken);
      expect(first?.account.name).toBe('Élise');
      expect(await accounts.exchangeSignInToken(signInToken)).toBeUndefined();
      expect((await accounts.authenticate(first!.session, 'session'))?.account.role).toBe('reviewer');
      // A session is not an API token, and a token with one character changed is no one.
      expect(await accounts.authenticate(first!.session, 'api')).toBeUndefined();
      const forged = first!.session.slice(0, -1) + (first!.session.endsWith('A') ? 'B' : 'A');
      expect(await accounts.authenticate(forged, 'session')).toBeUndefined();
      await accounts.endSession(first!.session);
      expect(await accounts.authenticate(first!.session, 'session')).toBeUndefined();
    } finally {
      await accounts.close();
    }
  });

  it('makes, lists and revokes API tokens; removing the account ends everything it held', async () => {
    const accounts = await openAccountStore(await places[engine]());
    try {
      await accounts.add('bob', 'translator');
      const made = await accounts.createApiToken('bob', 'ci');
      expect((await accounts.authenticate(made.token, 'api'))?.account.name).toBe('bob');
      expect(await accounts.apiTokens('bob')).toEqual([expect.objectContaining({ id: made.id, label: 'ci' })]);
      expect(await accounts.revokeApiToken('bob', made.id)).toBe(true);
      expect(await accounts.authenticate(made.token, 'api')).toBeUndefined();
      const other = await accounts.createApiToken('bob', 'other');
      const session = (await accounts.exchangeSignInToken(await accounts.signInToken('bob')))!.session;
      expect(await accounts.remove('bob')).toBe(true);
      expect(await accounts.authenticate(other.token, 'api')).toBeUndefined();
      expect(await accounts.authenticate(session, 'session')).toBeUndefined();
      expect(await accounts.remove('bob')).toBe(false);
    } finally {
      await accounts.close();
    }
  });

  it('hashes passwords (scrypt) and refuses a short one or a wrong one', async () => {
    const accounts = await openAccountStore(await places[engine]());
    try {
      await accounts.add('carla', 'admin');
      await expect(accounts.setPassword('carla', 'short')).rejects.toMatchObject({ code: 'bad-password' });
      await accounts.setPassword('carla', 'a good long passphrase');
      expect((await accounts.get('carla'))?.hasPassword).toBe(true);
      expect(await accounts.signInWithPassword('carla', 'a good long passphrasf')).toBeUndefined();
      expect((await accounts.signInWithPassword('carla', 'a good long passphrase'))?.account.role).toBe('admin');
      await accounts.setRole('carla', 'translator');
      expect((await accounts.get('carla'))?.role).toBe('translator');
      await expect(accounts.add('carla', 'admin')).rejects.toMatchObject({ code: 'exists' });
      await expect(accounts.add('<script>', 'admin')).rejects.toMatchObject({ code: 'bad-name' });
    } finally {
      await accounts.close();
    }
  });

  it("keeps assignments per person and article, and drops a removed person's", async () => {
    const accounts = await openAccountStore(await places[engine]());
    try {
      await accounts.add('fay', 'translator');
      await accounts.add('gus', 'translator');
      const whole = await accounts.assign({ slug: 'a', account: 'fay', by: 'admin' });
      const part = await accounts.assign({ slug: 'b', account: 'fay', from: 's1', to: 's4', by: 'admin' });
      await accounts.assign({ slug: 'a', account: 'gus', by: 'admin' });
      expect(await accounts.assignments({ account: 'fay' })).toEqual([expect.objectContaining({ id: whole.id, slug: 'a' }), expect.objectContaining({ id: part.id, slug: 'b', from: 's1', to: 's4' })]);
      expect((await accounts.assignments({ slug: 'a' })).map((entry) => entry.account).sort()).toEqual(['fay', 'gus']);
      await expect(accounts.assign({ slug: 'a', account: 'nobody', by: 'admin' })).rejects.toMatchObject({ code: 'unknown-account' });
      expect(await accounts.unassign(whole.id)).toBe(true);
      await accounts.remove('fay');
      expect(await accounts.assignments()).toEqual([expect.objectContaining({ account: 'gus' })]);
    } finally {
      await accounts.close();
    }
  });

  it('keeps the team glossary with who and when, one entry per French form', async () => {
    const accounts = await openAccountStore(await places[engine]());
    try {
      const added = await accounts.addTerm({ source: ' Casques  blancs ', target: 'White Helmets', type: 'organisation', note: 'NGO', by: 'hana' });
      expect(added).toMatchObject({ source: 'Casques  blancs', target: 'White Helmets', by: 'hana', at: expect.any(String) });
      await expect(accounts.addTerm({ source: 'Casques  blancs', target: 'other', type: 'other', note: '', by: 'ivo' })).rejects.toMatchObject({ code: 'exists' });
      await expect(accounts.addTerm({ source: '  ', target: 'x', type: 'other', note: '', by: 'ivo' })).rejects.toMatchObject({ code: 'bad-term' });
      expect(await accounts.terms()).toEqual([added]);
      expect(await accounts.removeTerm(added.id)).toBe(true);
      expect(await accounts.terms()).toEqual([]);
    } finally {
      await accounts.close();
    }
  });

  it('lets a sign-in link expire', async () => {
    const place = await places[engine]();
    const opened = await openAccountStore(place);
    let now = Date.now();
    // The same database through a store whose clock the test moves.
    const accounts = new KyselyAccountStore((opened as unknown as { db: never }).db, async () => undefined, () => now);
    try {
      const { signInToken } = await accounts.add('dan', 'translator');
      now += SIGN_IN_LIFETIME + 1000;
      expect(await accounts.exchangeSignInToken(signInToken)).toBeUndefined();
    } finally {
      await opened.close();
    }
  });

  it('runs `diptych users` on it', async () => {
    const place = await places[engine]();
    const where = ['--out', place.outDir, ...(place.db ? ['--db', place.db] : [])];
    const added = await runCliAsync(['users', 'add', 'eve', '--role', 'reviewer', ...where, '--server', 'http://127.0.0.1:9999']);
    expect(added.stderr).toBe('');
    expect(added.stdout).toMatch(/^eve \(reviewer\)/);
    expect(added.stdout).toMatch(/http:\/\/127\.0\.0\.1:9999\/signin\?token=dpt_[0-9a-f]{16}_/);
    expect((await runCliAsync(['users', 'role', 'eve', 'admin', ...where])).stdout).toBe('eve is now admin\n');
    expect((await runCliAsync(['users', 'list', ...where])).stdout).toMatch(/^eve\tadmin\tno password\t/);
    const missing = await runCliAsync(['users', 'remove', 'nobody', ...where]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no account "nobody"/);
    if (place.db) expect(missing.stderr + added.stdout).not.toContain(server.password);
    expect((await runCliAsync(['users', 'remove', 'eve', ...where])).stdout).toBe('removed eve\n');
    // The team's glossary, exported with the files' entries.
    const accounts = await openAccountStore(place);
    await accounts.addTerm({ source: 'garde des Sceaux', target: 'Justice Minister', type: 'office', note: '', by: 'eve' });
    await accounts.close();
    const team = place.db ? ['--team', place.outDir, '--db', place.db] : ['--team', place.outDir];
    const exported = await runCliAsync(['glossary', 'export', 'test/fixtures/glossary/small.tsv', '--format', 'tsv', ...team]);
    expect(exported.stderr).toBe('');
    expect(exported.stdout).toMatch(/^garde des Sceaux\tJustice Minister\t\toffice/m);
  });
});

it('orders roles: each may do what the one before it may', () => {
  expect(roleAllows('translator', 'reviewer')).toBe(false);
  expect(roleAllows('reviewer', 'translator')).toBe(true);
  expect(roleAllows('admin', 'reviewer')).toBe(true);
  expect(roleAllows('reviewer', 'admin')).toBe(false);
});
