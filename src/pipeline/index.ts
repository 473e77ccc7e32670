// The pipeline composes the stages; it is the only place that knows their
// order: read → segment → glossary (protect) → translate → glossary (restore,
// verify) → store → render. Segments of all articles are translated together
// so engines batch across articles (Apertium's start-up is paid per batch).

import path from 'node:path';
import pLimit from 'p-limit';
import { writeAtomic } from '../core/files.js';
import type { UiLang } from '../core/i18n.js';
import type { Article, Finding, Segment } from '../core/types.js';
import { findTerms, protectTerms, verifyTerms, type Glossary, type TermMatch } from '../glossary/index.js';
import { readArticle, slugify } from '../read/index.js';
import { renderBilingualHtml, renderBilingualMarkdown } from '../render/index.js';
import { segmentArticle } from '../segment/index.js';
import { saveArticle } from '../store/index.js';
import { fromFragment, toFragment } from './markup.js';
import type { TranslatedUnit, TranslationUnit, Translator } from '../translate/translator.js';

export interface PipelineOptions {
  translator: Translator;
  glossary: Glossary;
  outDir: string;
  uiLang?: UiLang;
  /** Files read and written at once. */
  concurrency?: number;
}

export interface ArticleJob {
  file: string;
  /** Output name; defaults to the file name. */
  slug?: string;
}

export interface WrittenArticle {
  file: string;
  slug: string;
  outputs: { json: string; md: string; html: string };
  segments: number;
  /** Pinned-term occurrences found and satisfied. */
  terms: { found: number; satisfied: number };
  findings: Finding[];
}

export interface RunReport {
  written: WrittenArticle[];
  failed: Array<{ file: string; error: unknown }>;
}

/** A segment waiting for its translation, with the way back from protected text. */
interface PendingSegment {
  segment: Segment;
  matches: TermMatch[];
  restore: (text: string) => string;
  unit: TranslationUnit;
}

export async function translateFiles(jobs: ArticleJob[], options: PipelineOptions): Promise<RunReport> {
  const limit = pLimit(options.concurrency ?? 8);
  const report: RunReport = { written: [], failed: [] };
  const slugs = uniqueSlugs(jobs);

  const articles = (
    await Promise.all(
      jobs.map((job, i) =>
        limit(async () => {
          try {
            return segmentArticle(await readArticle(job.file, { slug: slugs[i]! }));
          } catch (error) {
            report.failed.push({ file: job.file, error });
            return undefined;
          }
        }),
      ),
    )
  ).filter((article): article is Article => article !== undefined);

  const pending = articles.flatMap((article) => prepareArticle(article, options));
  const translated = await options.translator.translate(
    pending.map((item) => item.unit),
    { sourceLang: 'fr', targetLang: 'en', glossaryVersion: options.glossary.version },
  );
  applyTranslations(pending, translated, options);

  await Promise.all(
    articles.map((article) =>
      limit(async () => {
        try {
          report.written.push(await writeOutputs(article, options));
        } catch (error) {
          report.failed.push({ file: article.sourcePath, error });
        }
      }),
    ),
  );
  // Report in the order the user gave the files, whatever finished first.
  const order = new Map(jobs.map((job, i) => [job.file, i]));
  report.written.sort((a, b) => order.get(a.file)! - order.get(b.file)!);
  report.failed.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0));
  return report;
}

function prepareArticle(article: Article, options: PipelineOptions): PendingSegment[] {
  const { translator, glossary } = options;
  article.glossaryVersion = glossary.version;
  article.translator = translator.model ? `${translator.id} ${translator.model}` : translator.id;
  return article.blocks.flatMap((block) =>
    block.segments.map((segment) => {
      const matches = findTerms(glossary, segment.source);
      const fragment = toFragment(segment.source, segment.sourceMarks);
      const unit: TranslationUnit = { id: segment.id, text: fragment, context: block.text };
      let restore = (text: string): string => text;
      if (translator.capabilities.nativeGlossary) {
        unit.glossary = matches.map((match) => ({ source: match.text, target: match.entry.keep ? match.text : match.entry.target }));
      } else if (matches.length > 0) {
        // Protect inside the fragment, so restored terms land between the right elements.
        const protectedText = protectTerms(fragment, findTerms(glossary, fragment), (n) => translator.placeholder(n));
        unit.text = protectedText.text;
        restore = protectedText.restore;
      }
      return { segment, matches, restore, unit };
    }),
  );
}

function applyTranslations(pending: PendingSegment[], translated: TranslatedUnit[], options: PipelineOptions): void {
  const byId = new Map(translated.map((unit) => [unit.id, unit]));
  const at = new Date().toISOString();
  for (const { segment, matches, restore, unit } of pending) {
    const result = byId.get(unit.id);
    if (!result) {
      segment.findings.push({ rule: 'untranslated', source: 'translate', severity: 'error', message: 'the translator returned no text for this segment', segmentId: segment.id });
      continue;
    }
    const target = fromFragment(restore(result.text), segment.sourceMarks);
    segment.target = target.text;
    segment.targetMarks = target.marks;
    segment.unknownWords = result.unknownWords;
    segment.state = 'translated';
    segment.provenance = {
      translator: options.translator.id,
      ...(options.translator.model ? { model: options.translator.model } : {}),
      glossaryVersion: options.glossary.version,
      edited: false,
      at,
    };
    segment.terms = verifyTerms(segment.target, matches);
    for (const hit of segment.terms) {
      if (hit.satisfied === false) {
        segment.findings.push({
          rule: 'glossary-term-missing',
          source: 'glossary',
          severity: 'error',
          message: `"${hit.source}" should read "${hit.target}"`,
          segmentId: segment.id,
          term: hit.entry,
        });
      }
    }
  }
}

async function writeOutputs(article: Article, options: PipelineOptions): Promise<WrittenArticle> {
  const base = path.join(options.outDir, article.slug);
  const renderOptions = options.uiLang ? { uiLang: options.uiLang } : {};
  const json = await saveArticle(options.outDir, article);
  await writeAtomic(`${base}.md`, renderBilingualMarkdown(article, renderOptions));
  await writeAtomic(`${base}.html`, renderBilingualHtml(article, renderOptions));
  const segments = article.blocks.flatMap((block) => block.segments);
  const terms = segments.flatMap((segment) => segment.terms);
  return {
    file: article.sourcePath,
    slug: article.slug,
    outputs: { json, md: `${base}.md`, html: `${base}.html` },
    segments: segments.length,
    terms: { found: terms.length, satisfied: terms.filter((term) => term.satisfied).length },
    findings: segments.flatMap((segment) => segment.findings),
  };
}

/** Slugs from the jobs, made unique: two "index.md" in different folders must not overwrite each other. */
function uniqueSlugs(jobs: ArticleJob[]): string[] {
  const seen = new Map<string, number>();
  return jobs.map((job) => {
    const base = job.slug ?? slugify(path.basename(job.file, path.extname(job.file)));
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}-${count}`;
  });
}

