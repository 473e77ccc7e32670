// "Ask another engine" for one segment, through the pipeline's own pieces: the
// same translation unit (glossary protected or passed natively), the same
// queue and cache (an answer is paid for once, and survives a restart), and
// the same restoring of marks and pinned terms. A --budget caps what the
// whole review session may send.

import type { Article, Segment } from '../core/types.js';
import { findTerms, type Glossary } from '../glossary/index.js';
import { engineIdentity, glossaryPairs, unitFor } from '../pipeline/process-articles.js';
import { applyMachine } from '../pipeline/resolve-segment.js';
import { TranslationQueue } from '../pipeline/translation-queue.js';
import { TranslationCache } from '../store/index.js';
import { billableCharacters, Budget, createTranslator, type Translator } from '../translate/index.js';
import type { SegmentSuggester, Suggestion } from './suggest.js';

export interface EngineSuggesterOptions {
  spec: string;
  glossary: Glossary;
  /** Folder of the translation cache (the output's .diptych). */
  stateDir: string;
  /** Characters the session may send. */
  budget: number;
  /** For tests: the translator itself. */
  translator?: Translator;
}

export async function engineSuggester(options: EngineSuggesterOptions): Promise<SegmentSuggester & { close(): Promise<void> }> {
  const translator = options.translator ?? createTranslator(options.spec);
  const cache = await TranslationCache.open(options.stateDir);
  const budget = new Budget(options.budget);
  const { glossary } = options;
  const label = translator.model ? `${translator.id} (${translator.model})` : translator.id;
  return {
    engines: () => [label],
    async suggest(segment: Segment, article: Article): Promise<Suggestion> {
      const block = article.blocks.find((candidate) => candidate.segments.some((s) => s.id === segment.id)) ?? article.blocks[0]!;
      const matches = findTerms(glossary, segment.source);
      const termMode = translator.capabilities.nativeGlossary ? 'native' : 'protected';
      const io = { sourceLang: article.sourceLang, targetLang: article.targetLang };
      const { unit, restore } = unitFor(segment, block, matches, glossary, translator, termMode, engineIdentity(translator, {}), io);
      let entry = cache.get(unit.id);
      const cached = entry !== undefined;
      let fallback = false;
      if (!entry) {
        const queue = new TranslationQueue({
          translator,
          translateOptions: { ...io, glossaryVersion: glossary.version, budget, ...(termMode === 'native' ? { glossaryPairs: glossaryPairs(glossary) } : {}) },
          cache,
          chunkCharacters: Number.MAX_SAFE_INTEGER,
          inFlight: 1,
          countCharacters: billableCharacters,
        });
        const pending = queue.request(unit);
        await queue.drain();
        ({ entry, fallback } = await pending);
      }
      const copy: Segment = structuredClone(segment);
      applyMachine(copy, { entry, fallback }, restore, glossary.version, matches);
      return { target: copy.target ?? '', translator: entry.engine, ...(entry.model ? { model: entry.model } : {}), cached };
    },
    async close() {
      await cache.close();
      await translator.close?.();
    },
  };
}
