// A throwaway PostgreSQL cluster from Debian's packages, for the queue tests:
// `initdb` into a temporary folder, `pg_ctl start` on 127.0.0.1 with a free
// port and the unix socket inside that folder, and a password on the TCP
// login (so that a test can check the password is never printed). PostgreSQL
// refuses to run as root, so when the tests run as root the cluster runs as
// `nobody`, owner of the folder. `stop()` shuts it down and deletes the folder.
//
// PostgreSQL cannot listen on port 0, so the port is chosen here, and it must
// stay free while the server starts and across `restart()`: it is taken below
// the kernel's ephemeral range, where neither outgoing connections nor servers
// on port 0 (every other test, and other suites on the same machine) get
// theirs; a start that finds it taken all the same is tried on another one.

import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface TestPostgres {
  /** `postgres://diptych:<password>@127.0.0.1:<port>/postgres` */
  url: string;
  password: string;
  port: number;
  /** A new empty database on this server; its connection string. */
  createDatabase(name: string): Promise<string>;
  /** Stop (fast: open connections are cut) and start again on the same port; data is kept. */
  restart(): Promise<void>;
  /** Stop the server and delete its folder. */
  stop(): Promise<void>;
}

/** Debian's PostgreSQL binaries (the newest installed major), or undefined. */
export function postgresBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .filter((name) => existsSync(path.join(root, name, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] ? path.join(root, majors[0], 'bin') : undefined;
}

/** The first port the kernel hands out for port 0 and outgoing connections (Linux's default when unknown). */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 11_000 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

/** A port below the ephemeral range that nothing listens on right now. */
async function freePort(): Promise<number> {
  const high = ephemeralLow() - 1;
  for (;;) {
    const port = 10_000 + Math.floor(Math.random() * (high - 10_000));
    const server = createServer();
    const bound = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (!bound) continue;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = postgresBinaries();
  if (!bin) throw new Error('PostgreSQL is not installed (/usr/lib/postgresql/*/bin): run `npm run setup`, which installs the Debian package');
  const dir = await mkdtemp(path.join(tmpdir(), 'diptych-pg-'));
  const asRoot = process.getuid?.() === 0;
  // Run as an unprivileged user when we are root: PostgreSQL refuses root.
  const user = asRoot ? 'nobody' : undefined;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'nobody']);
    const { stdout: gid } = await run('id', ['-g', 'nobody']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  await chmod(dir, 0o700);
  const as = (command: string, args: string[]) => (user ? run('runuser', ['-u', user, '--', path.join(bin, command), ...args]) : run(path.join(bin, command), args));

  const password = `pw-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  const pwfile = path.join(dir, 'pwfile');
  await writeFile(pwfile, `${password}\n`);
  if (asRoot) await run('chown', ['nobody', pwfile]);
  const data = path.join(dir, 'data');
  await as('initdb', ['-D', data, '-U', 'diptych', `--pwfile=${pwfile}`, '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  await rm(pwfile);
  const log = path.join(dir, 'server.log');
  const optionsFor = (port: number) =>
    [
      `-c listen_addresses=127.0.0.1`,
      `-p ${port}`,
      `-k ${dir}`,
      // A throwaway cluster: durability across power loss is not what the tests check.
      `-c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
      `-c max_connections=100`,
    ].join(' ');
  // -w waits for the server to accept connections (its readiness), however long a loaded machine makes that.
  const start = (port: number) => as('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '300', '-o', optionsFor(port), 'start']);
  const stopServer = () => as('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '300', 'stop']);
  let port = await freePort();
  for (let attempt = 1; ; attempt++) {
    try {
      await start(port);
      break;
    } catch (error) {
      const taken = /could not bind|already in use/i.test(await readFile(log, 'utf8').catch(() => ''));
      if (!taken || attempt === 5) throw error;
      await writeFile(log, '');
      port = await freePort();
    }
  }
  let stopped = false;
  const url = `postgres://diptych:${password}@127.0.0.1:${port}/postgres`;
  return {
    url,
    password,
    port,
    async createDatabase(name: string) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
      } finally {
        await client.end();
      }
      return url.replace(/\/postgres$/, `/${name}`);
    },
    async restart() {
      await stopServer();
      await start(port);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopServer().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** One statement on its own connection (tests and the bench look into the database the workers share). */
export async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}
