// What the review needs to know about the people of a team: their accounts
// and roles, and the secrets they sign in with (one-time sign-in tokens,
// sessions, API tokens, a password). Every secret is kept only as a hash, so
// a copy of the database signs no one in. The review server asks this store
// on every request, so removing an account or revoking a token takes effect
// on every server at once.

import { DiptychError } from '../../core/errors.js';

export const ROLES = ['translator', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Whether `role` may do what `needs` asks: each role can do everything the one before it can. */
export function roleAllows(role: Role, needs: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needs);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export interface Account {
  name: string;
  role: Role;
  createdAt: string;
  hasPassword: boolean;
}

export interface ApiTokenInfo {
  id: string;
  label: string;
  createdAt: string;
}

/** Work given to a person: a whole article, or the segments `from`…`to` of it (ids, both included). */
export interface Assignment {
  id: string;
  slug: string;
  account: string;
  from?: string;
  to?: string;
  by: string;
  at: string;
}

/** A glossary entry a team member added in the editor: the French form, its pinned English, with who and when. */
export interface TeamTerm {
  id: string;
  source: string;
  target: string;
  /** One of the glossary's term types (the glossary stage checks it). */
  type: string;
  note: string;
  by: string;
  at: string;
}

/** A credential that names a person: a browser session or an API token. */
export type CredentialKind = 'session' | 'api';

export interface SignedIn {
  account: Account;
  kind: CredentialKind;
  /** The credential's public id (never its secret). */
  id: string;
}

export interface AccountStore {
  /** How many accounts there are: none means one person, with the owner token alone. */
  count(): Promise<number>;
  list(): Promise<Account[]>;
  get(name: string): Promise<Account | undefined>;
  /** A new account and its first one-time sign-in token. */
  add(name: string, role: Role): Promise<{ account: Account; signInToken: string }>;
  setRole(name: string, role: Role): Promise<Account>;
  /** The account, its sessions and its tokens; false when there was none. */
  remove(name: string): Promise<boolean>;
  /** A new one-time sign-in token for an existing account (a lost link). */
  signInToken(name: string): Promise<string>;
  /** Use a one-time sign-in token: a new session, or undefined for a token unknown, used or expired. */
  exchangeSignInToken(token: string): Promise<{ account: Account; session: string } | undefined>;
  setPassword(name: string, password: string): Promise<void>;
  signInWithPassword(name: string, password: string): Promise<{ account: Account; session: string } | undefined>;
  createApiToken(name: string, label: string): Promise<{ id: string; token: string }>;
  apiTokens(name: string): Promise<ApiTokenInfo[]>;
  /** Revoke one of the person's API tokens; false when it is not theirs or not there. */
  revokeApiToken(name: string, id: string): Promise<boolean>;
  /** End one session (sign out). */
  endSession(session: string): Promise<void>;
  /** Give an article (or a range of its segments) to a person. */
  assign(assignment: Omit<Assignment, 'id' | 'at'>): Promise<Assignment>;
  /** Take an assignment back; false when there was none. */
  unassign(id: string): Promise<boolean>;
  /** Assignments, oldest first: all, one person's, or one article's. */
  assignments(filter?: { account?: string; slug?: string }): Promise<Assignment[]>;
  /** Add a glossary entry; refused (`exists`) when the French form already has one. */
  addTerm(term: Omit<TeamTerm, 'id' | 'at'>): Promise<TeamTerm>;
  /** The team's glossary entries, oldest first. */
  terms(): Promise<TeamTerm[]>;
  removeTerm(id: string): Promise<boolean>;
  /** Who a session or API token names, checked against the store now; undefined when it names no one. */
  authenticate(secret: string, kind: CredentialKind): Promise<SignedIn | undefined>;
  close(): Promise<void>;
}

/** A refusal of an account change (an unknown name, a bad one, a weak password), with what to do. */
export class AccountError extends DiptychError {
  override name = 'AccountError';
  constructor(
    readonly code: 'unknown-account' | 'exists' | 'bad-name' | 'bad-role' | 'bad-password' | 'bad-term',
    message: string,
    hint?: string,
  ) {
    super(message, hint === undefined ? {} : { hint });
  }
}
