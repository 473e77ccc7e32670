// The AccountStore on Kysely: the same queries on SQLite and PostgreSQL.
// Credentials are looked up by their public id and their secret compared with
// the stored hash in constant time; every answer about who someone is comes
// from the database at the time of asking (no cache), so a removal or a
// revocation is seen by the next request on any server.

import type { Kysely } from 'kysely';
import type { AccountTables } from './account-migrations.js';
import { AccountError, isRole, ROLES, type Account, type AccountStore, type ApiTokenInfo, type Assignment, type CredentialKind, type TeamTerm, type Role, type SignedIn } from './account-store.js';
import { randomBytes } from 'node:crypto';
import { hashPassword, makeToken, passwordMatches, secretMatches, splitToken } from './secrets.js';

const DAY = 24 * 60 * 60 * 1000;
/** A sign-in link is good for a week, once. */
export const SIGN_IN_LIFETIME = 7 * DAY;
/** A browser session lasts two weeks; the cookie expires with it. */
export const SESSION_LIFETIME = 14 * DAY;

const NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._@-]{0,79}$/u;
export const MIN_PASSWORD = 10;

type Row = AccountTables['accounts'];

function accountOf(row: Row): Account {
  return { name: row.name, role: isRole(row.role) ? row.role : 'translator', createdAt: row.created_at, hasPassword: row.password_hash !== null };
}

export class KyselyAccountStore implements AccountStore {
  constructor(
    private readonly db: Kysely<AccountTables>,
    /** Closes what was opened for this store (the connection), or nothing when the database is shared. */
    private readonly onClose: () => Promise<void> = async () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  async count(): Promise<number> {
    const row = await this.db.selectFrom('accounts').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async list(): Promise<Account[]> {
    return (await this.db.selectFrom('accounts').selectAll().orderBy('name').execute()).map(accountOf);
  }

  async get(name: string): Promise<Account | undefined> {
    const row = await this.db.selectFrom('accounts').selectAll().where('name', '=', name).executeTakeFirst();
    return row ? accountOf(row) : undefined;
  }

  private async must(name: string): Promise<Account> {
    const account = await this.get(name);
    if (!account) throw new AccountError('unknown-account', `no account "${name}"`, 'see `diptych users list`');
    return account;
  }

  async add(name: string, role: Role): Promise<{ account: Account; signInToken: string }> {
    if (!NAME.test(name)) throw new AccountError('bad-name', `"${name}" is not an account name`, 'use 1–80 letters, digits, spaces or . _ @ -, starting with a letter or digit');
    if (!isRole(role)) throw new AccountError('bad-role', `unknown role "${String(role)}"`, `use ${ROLES.join(', ')}`);
    if (await this.get(name)) throw new AccountError('exists', `there is already an account "${name}"`, 'use `diptych users role` to change its role');
    await this.db.insertInto('accounts').values({ name, role, password_hash: null, created_at: this.stamp() }).execute();
    return { account: await this.must(name), signInToken: await this.signInToken(name) };
  }

  async setRole(name: string, role: Role): Promise<Account> {
    if (!isRole(role)) throw new AccountError('bad-role', `unknown role "${String(role)}"`, `use ${ROLES.join(', ')}`);
    await this.must(name);
    await this.db.updateTable('accounts').set({ role }).where('name', '=', name).execute();
    return this.must(name);
  }

  async remove(name: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('account_credentials').where('account', '=', name).execute();
      await trx.deleteFrom('assignments').where('account', '=', name).execute();
      const result = await trx.deleteFrom('accounts').where('name', '=', name).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
  }

  private async issue(kind: 'signin' | CredentialKind, account: string, lifetime: number | undefined, label: string | null = null): Promise<{ id: string; token: string }> {
    const made = makeToken();
    const expires = lifetime === undefined ? null : new Date(this.now() + lifetime).toISOString();
    await this.db.insertInto('account_credentials').values({ id: made.id, kind, account, hash: made.hash, label, created_at: this.stamp(), expires_at: expires }).execute();
    return { id: made.id, token: made.token };
  }

  async signInToken(name: string): Promise<string> {
    await this.must(name);
    return (await this.issue('signin', name, SIGN_IN_LIFETIME)).token;
  }

  /** The credential a token names, when its secret matches, it is of this kind and it has not expired. */
  private async find(token: string, kind: 'signin' | CredentialKind): Promise<AccountTables['account_credentials'] | undefined> {
    const parts = splitToken(token);
    if (!parts) return undefined;
    const row = await this.db.selectFrom('account_credentials').selectAll().where('id', '=', parts.id).executeTakeFirst();
    if (!row || !secretMatches(parts.secret, row.hash) || row.kind !== kind) return undefined;
    if (row.expires_at !== null && row.expires_at <= this.stamp()) return undefined;
    return row;
  }

  async exchangeSignInToken(token: string): Promise<{ account: Account; session: string } | undefined> {
    const row = await this.find(token, 'signin');
    if (!row) return undefined;
    // Used once: only the request that deletes it gets a session (two at once: one wins).
    const deleted = await this.db.deleteFrom('account_credentials').where('id', '=', row.id).executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) return undefined;
    const account = await this.get(row.account);
    if (!account) return undefined;
    return { account, session: (await this.issue('session', account.name, SESSION_LIFETIME)).token };
  }

  async setPassword(name: string, password: string): Promise<void> {
    await this.must(name);
    if ([...password].length < MIN_PASSWORD) throw new AccountError('bad-password', `a password needs at least ${MIN_PASSWORD} characters`);
    await this.db.updateTable('accounts').set({ password_hash: await hashPassword(password) }).where('name', '=', name).execute();
  }

  async signInWithPassword(name: string, password: string): Promise<{ account: Account; session: string } | undefined> {
    const row = await this.db.selectFrom('accounts').selectAll().where('name', '=', name).executeTakeFirst();
    if (!row?.password_hash || !(await passwordMatches(password, row.password_hash))) return undefined;
    return { account: accountOf(row), session: (await this.issue('session', row.name, SESSION_LIFETIME)).token };
  }

  async createApiToken(name: string, label: string): Promise<{ id: string; token: string }> {
    await this.must(name);
    return this.issue('api', name, undefined, label.slice(0, 200));
  }

  async apiTokens(name: string): Promise<ApiTokenInfo[]> {
    const rows = await this.db.selectFrom('account_credentials').select(['id', 'label', 'created_at']).where('account', '=', name).where('kind', '=', 'api').orderBy('created_at').execute();
    return rows.map((row) => ({ id: row.id, label: row.label ?? '', createdAt: row.created_at }));
  }

  async revokeApiToken(name: string, id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('account_credentials').where('id', '=', id).where('account', '=', name).where('kind', '=', 'api').executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async endSession(session: string): Promise<void> {
    const row = await this.find(session, 'session');
    if (row) await this.db.deleteFrom('account_credentials').where('id', '=', row.id).execute();
  }

  async authenticate(secret: string, kind: CredentialKind): Promise<SignedIn | undefined> {
    const row = await this.find(secret, kind);
    if (!row) return undefined;
    const account = await this.get(row.account);
    return account ? { account, kind, id: row.id } : undefined;
  }

  async assign(assignment: Omit<Assignment, 'id' | 'at'>): Promise<Assignment> {
    await this.must(assignment.account);
    const made: Assignment = { ...assignment, id: randomBytes(8).toString('hex'), at: this.stamp() };
    await this.db
      .insertInto('assignments')
      .values({ id: made.id, slug: made.slug, account: made.account, first_segment: made.from ?? null, last_segment: made.to ?? null, assigned_by: made.by, assigned_at: made.at })
      .execute();
    return made;
  }

  async unassign(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('assignments').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async assignments(filter: { account?: string; slug?: string } = {}): Promise<Assignment[]> {
    let query = this.db.selectFrom('assignments').selectAll();
    if (filter.account !== undefined) query = query.where('account', '=', filter.account);
    if (filter.slug !== undefined) query = query.where('slug', '=', filter.slug);
    const rows = await query.orderBy('assigned_at').orderBy('slug').orderBy('first_segment').orderBy('id').execute();
    return rows.map((row) => ({
      id: row.id,
      slug: row.slug,
      account: row.account,
      ...(row.first_segment !== null ? { from: row.first_segment } : {}),
      ...(row.last_segment !== null ? { to: row.last_segment } : {}),
      by: row.assigned_by,
      at: row.assigned_at,
    }));
  }

  async addTerm(term: Omit<TeamTerm, 'id' | 'at'>): Promise<TeamTerm> {
    const source = term.source.normalize('NFC').trim();
    const target = term.target.normalize('NFC').trim();
    if (source === '' || target === '') throw new AccountError('bad-term', 'a glossary entry needs a French form and its English');
    const existing = await this.db.selectFrom('team_terms').select('id').where('source', '=', source).executeTakeFirst();
    if (existing) throw new AccountError('exists', `"${source}" is already in the team's glossary`);
    const made: TeamTerm = { ...term, source, target, id: randomBytes(8).toString('hex'), at: this.stamp() };
    await this.db.insertInto('team_terms').values({ id: made.id, source, target, type: made.type, note: made.note, added_by: made.by, added_at: made.at }).execute();
    return made;
  }

  async terms(): Promise<TeamTerm[]> {
    const rows = await this.db.selectFrom('team_terms').selectAll().orderBy('added_at').orderBy('id').execute();
    return rows.map((row) => ({ id: row.id, source: row.source, target: row.target, type: row.type, note: row.note, by: row.added_by, at: row.added_at }));
  }

  async removeTerm(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('team_terms').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async close(): Promise<void> {
    await this.onClose();
  }

  private stamp(): string {
    return new Date(this.now()).toISOString();
  }
}
