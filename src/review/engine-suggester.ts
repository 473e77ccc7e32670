// "Ask another engine" for one segment, through the pipeline's translateArticle:
// the same translation unit (glossary protected or passed natively), the same
// cache (an answer is paid for once, and survives a restart), and the same
// restoring of marks and pinned terms. A --budget caps what the
// whole review session may send.

import type { Article, Segment } from '../core/types.js';
import type { Glossary } from '../glossary/index.js';
import { translateArticle, type FixPolicy } from '../pipeline/index.js';
import { TranslationCache } from '../store/index.js';
import { Budget, createTranslator, type Translator, type TranslatorConfig } from '../translate/index.js';
import type { SegmentSuggester, Suggestion } from './segment-suggester.js';

export interface EngineSuggesterOptions {
  /** One engine id or a failover chain, as `--translator` gives it. */
  spec: string;
  /** The engines' settings as batch resolves them (Apertium's pivot and repairs), so a suggestion is what batch would write. */
  config: TranslatorConfig;
  /** The safe fixes batch applies to machine output (`--fix`); absent: the default. */
  fix?: FixPolicy | false;
  /** The glossary to pin, or how to get the review's current one (a team adds entries while it runs). */
  glossary: Glossary | (() => Glossary);
  /** Folder of the translation cache (the output's .diptych). */
  stateDir: string;
  /** Characters the session may send. */
  budget: number;
  /** For tests: the translator itself. */
  translator?: Translator;
}

export async function engineSuggester(options: EngineSuggesterOptions): Promise<SegmentSuggester & { close(): Promise<void> }> {
  const translator = options.translator ?? createTranslator(options.spec, options.config);
  const cache = await TranslationCache.open(options.stateDir);
  const budget = new Budget(options.budget);
  const glossaryNow = (): Glossary => (typeof options.glossary === 'function' ? options.glossary() : options.glossary);
  const fix = options.fix !== undefined ? { fix: options.fix } : {};
  const label = translator.model ? `${translator.id} (${translator.model})` : translator.id;
  return {
    engines: () => [label],
    async suggest(segment: Segment, article: Article): Promise<Suggestion> {
      // The segment alone, in its paragraph, through the pipeline's translateArticle.
      const block = article.blocks.find((candidate) => candidate.segments.some((s) => s.id === segment.id)) ?? article.blocks[0]!;
      const copy = structuredClone(segment);
      delete copy.target;
      const single: Article = { ...article, blocks: [{ ...block, segments: [copy] }] };
      const done = await translateArticle(single, { glossary: glossaryNow(), translator, cache, budget, sourceLang: article.sourceLang, targetLang: article.targetLang, ...fix });
      if (done.untranslated > 0) throw done.error;
      const result = done.article.blocks[0]!.segments[0]!;
      const provenance = result.provenance!;
      return { target: result.target ?? '', translator: provenance.translator, ...(provenance.model ? { model: provenance.model } : {}), cached: done.counts.cached === 1 };
    },
    async close() {
      await cache.close();
      await translator.close?.();
    },
  };
}
