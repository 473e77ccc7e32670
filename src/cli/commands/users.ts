// `diptych users add|list|role|link|remove`: the accounts of a team reviewing
// one store, kept in that store's database (the output folder's SQLite file,
// or PostgreSQL with --db). `add` and `link` print a one-time sign-in link to
// send the person; the token in it is shown once and stored only as a hash.

import { Command, Option } from 'commander';
import { ConfigError } from '../../core/errors.js';
import type { AccountStore, Role } from '../../store/index.js';
import { COMMAND_SUMMARIES } from './summaries.js';

interface PlaceOptions {
  out: string;
  db?: string;
  server: string;
}

const ROLE_CHOICES = ['translator', 'reviewer', 'admin'];

function withPlace(command: Command): Command {
  return command
    .option('-o, --out <dir>', 'the output folder `diptych review` serves (its accounts are in <dir>/.diptych/store.sqlite)', 'out')
    .option('--db <url>', 'the store of record the review serves, when not the folder\'s own: postgres://… or a SQLite file (default DIPTYCH_DB)')
    .option('--server <address>', 'the review server the sign-in link points to', 'http://127.0.0.1:4173');
}

async function withAccounts<T>(options: PlaceOptions, task: (accounts: AccountStore) => Promise<T>): Promise<T> {
  const { openAccountStore } = await import('../../store/index.js');
  const { storeDatabaseFrom } = await import('../settings.js');
  const db = storeDatabaseFrom(options.db);
  const accounts = await openAccountStore({ outDir: options.out, ...(db !== undefined ? { db } : {}) });
  try {
    return await task(accounts);
  } finally {
    await accounts.close();
  }
}

function signInLink(server: string, token: string): string {
  let base: URL;
  try {
    base = new URL('/signin', server);
  } catch {
    throw new ConfigError(`--server must be an address such as http://127.0.0.1:4173, not '${server}'`);
  }
  base.searchParams.set('token', token);
  return base.href;
}

const roleOption = () => new Option('--role <role>', 'translator (edit, comment, mark reviewed), reviewer (also approve, restore, relink) or admin (also accounts)').choices(ROLE_CHOICES);

export function usersCommand(): Command {
  const add = withPlace(new Command('add').description('make an account and print its one-time sign-in link').argument('<name>').addOption(roleOption().default('translator'))).action(
    async (name: string, options: PlaceOptions & { role: Role }) =>
      withAccounts(options, async (accounts) => {
        const { account, signInToken } = await accounts.add(name, options.role);
        process.stdout.write(`${account.name} (${account.role}): send this one-time sign-in link (good for 7 days, once):\n${signInLink(options.server, signInToken)}\n`);
      }),
  );
  const list = withPlace(new Command('list').description('the accounts and their roles')).action(async (options: PlaceOptions) =>
    withAccounts(options, async (accounts) => {
      const people = await accounts.list();
      if (people.length === 0) process.stdout.write('no accounts: `diptych review` works with its owner token alone\n');
      for (const person of people) process.stdout.write(`${person.name}\t${person.role}\t${person.hasPassword ? 'password' : 'no password'}\t${person.createdAt}\n`);
    }),
  );
  const role = withPlace(new Command('role').description("change an account's role").argument('<name>').argument('<role>', ROLE_CHOICES.join(' | '))).action(
    async (name: string, newRole: string, options: PlaceOptions) =>
      withAccounts(options, async (accounts) => {
        const account = await accounts.setRole(name, newRole as Role);
        process.stdout.write(`${account.name} is now ${account.role}\n`);
      }),
  );
  const link = withPlace(new Command('link').description('a new one-time sign-in link for an account (a lost or expired one)').argument('<name>')).action(async (name: string, options: PlaceOptions) =>
    withAccounts(options, async (accounts) => {
      process.stdout.write(`${signInLink(options.server, await accounts.signInToken(name))}\n`);
    }),
  );
  const remove = withPlace(new Command('remove').description('remove an account: its sessions and tokens stop working at once').argument('<name>')).action(async (name: string, options: PlaceOptions) =>
    withAccounts(options, async (accounts) => {
      if (!(await accounts.remove(name))) throw new ConfigError(`no account "${name}"`, { hint: 'see `diptych users list`' });
      process.stdout.write(`removed ${name}\n`);
    }),
  );
  return new Command('users')
    .description(COMMAND_SUMMARIES.users.description)
    .addCommand(add)
    .addCommand(list)
    .addCommand(role)
    .addCommand(link)
    .addCommand(remove)
    .addHelpText('after', `
With no accounts, \`diptych review\` works as it always has: one owner token,
names typed in the page. Once an account exists, everyone but the owner signs
in, and history, comments and approvals carry the signed-in name.

Examples:
  diptych users add alice --role reviewer --out out
  diptych users add bob --out out --server http://review.example:4173
  diptych users list --db postgres://diptych@db/diptych
  diptych users remove bob --out out`);
}
