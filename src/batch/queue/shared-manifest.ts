// Workers share one output folder and so one manifest (what lets the next
// batch skip up-to-date articles). Each worker records only its own articles'
// entries: read the manifest as it is on disk, put the entries in, write it
// back atomically, all under a database lock per output folder, so two
// workers finishing at once never lose each other's entries, whichever
// machine they run on.

import path from 'node:path';
import type pg from 'pg';
import { loadManifest, saveManifest, type RunManifest } from '../../store/index.js';
import { inTransaction, withReconnect } from './connection.js';

export function sharedManifestWriter(pool: pg.Pool, outDir: string, url?: string): (manifest: RunManifest, slugs: string[]) => Promise<void> {
  const lockName = `diptych-manifest:${path.resolve(outDir)}`;
  return (manifest, slugs) =>
    withReconnect(
      () =>
        inTransaction(pool, async (client) => {
          await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockName]);
          const onDisk = await loadManifest(outDir);
          for (const slug of slugs) {
            const entry = manifest.articles.get(slug);
            if (entry) onDisk.articles.set(slug, entry);
          }
          if (manifest.glossary) onDisk.glossary = manifest.glossary;
          await saveManifest(outDir, onDisk);
        }),
      url ? { url } : {},
    );
}
