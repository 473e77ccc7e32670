// The run manifest (run-manifest.ts) in the store of record: one row per
// article's entry and one per setting (the glossary's fingerprint), so a
// worker records its own articles without rewriting the others'.

import type { ManifestEntry, RunManifest } from '../run-manifest.js';
import type { StoreDb } from './store-engine.js';

const GLOSSARY = 'glossary';

export async function readManifest(db: StoreDb): Promise<RunManifest> {
  const [entries, settings] = await Promise.all([db.selectFrom('manifest_articles').select(['slug', 'entry']).execute(), db.selectFrom('manifest_settings').select(['name', 'value']).execute()]);
  const glossary = settings.find((row) => row.name === GLOSSARY);
  return {
    ...(glossary ? { glossary: JSON.parse(glossary.value) as RunManifest['glossary'] } : {}),
    articles: new Map(entries.sort((a, b) => (a.slug < b.slug ? -1 : 1)).map((row) => [row.slug, JSON.parse(row.entry) as ManifestEntry])),
  };
}

export async function writeManifest(trx: StoreDb, manifest: RunManifest, slugs?: string[]): Promise<void> {
  if (manifest.glossary) {
    const value = JSON.stringify(manifest.glossary);
    await trx.insertInto('manifest_settings').values({ name: GLOSSARY, value }).onConflict((conflict) => conflict.column('name').doUpdateSet({ value })).execute();
  }
  if (slugs === undefined) await trx.deleteFrom('manifest_articles').execute();
  for (const slug of slugs ?? [...manifest.articles.keys()]) {
    const entry = manifest.articles.get(slug);
    if (!entry) {
      await trx.deleteFrom('manifest_articles').where('slug', '=', slug).execute();
      continue;
    }
    const json = JSON.stringify(entry);
    await trx.insertInto('manifest_articles').values({ slug, entry: json }).onConflict((conflict) => conflict.column('slug').doUpdateSet({ entry: json })).execute();
  }
}
