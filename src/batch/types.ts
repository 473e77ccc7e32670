import type { Finding, SkippedContent } from '../core/types.js';
import type { FixPolicy } from '../pipeline/index.js';

export interface ArticleJob {
  file: string;
  /** Output name; defaults to the file name. */
  slug?: string;
  /** For a page fetched from the web (`file` is its kept copy): its address. */
  url?: string;
}

/** An article of the run, once named and fingerprinted. */
export interface PlannedArticle {
  file: string;
  slug: string;
  /** Hash of the source bytes; undefined when the file cannot be read (the reader says why). */
  sourceHash?: string;
  /** Position in the jobs, for reporting in the user's order. */
  order: number;
  /** The page's address, for an article fetched from the web. */
  url?: string;
  /** Its own name's store holds another article, so it was given the next free name. */
  taken?: { store: string; owner: string };
}

export interface WrittenArticle {
  kind: 'written';
  file: string;
  slug: string;
  outputs: { json: string; md: string; html: string };
  segments: number;
  /** Pinned-term occurrences found and satisfied. */
  terms: { found: number; satisfied: number };
  findings: Finding[];
  /** What the reader left out of the article (embedded media, forms, raw HTML), with its line. */
  skipped: SkippedContent[];
}

export type ArticleOutcome =
  | WrittenArticle
  | { kind: 'skipped'; file: string; slug: string }
  | { kind: 'failed'; file: string; slug: string; error: unknown }
  /** Translation stopped before all its segments came back; earlier outputs left as they were. */
  | { kind: 'incomplete'; file: string; slug: string; untranslated: number; error: unknown };

/** What a dry run would send for one article. */
export interface DryRunArticle {
  file: string;
  slug: string;
  segments: number;
  /** Units that would be sent (not cached, not from memory, not approved; each identical unit counted once, for its first article). */
  toSend: number;
  characters: number;
}

/**
 * The translator a run asks for, as `--translator`, `--pivot` and `--fix`
 * give it: stored once in a queued run's settings, from which every worker
 * makes the same translator (keys and servers come from its environment).
 */
export interface TranslatorSpec {
  /** One engine id ("deepl") or a failover chain ("deepl,apertium"). */
  chain: string;
  /** Apertium's pivot language. */
  pivot: string;
  /** Safe fixes of machine output (`--fix [rules]` / `--no-fix`); absent: the default (Apertium's output, every fix). */
  fix?: FixPolicy | false;
}
