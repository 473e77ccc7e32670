// How the review server's JSON schemas are checked. Fastify's defaults are
// made for forgiving APIs (coerce types, drop unknown properties, stop at the
// first error); this API refuses instead, and names the refusal, so: no
// coercion (`42` is not a target), no removal (an unknown field is an error),
// every error collected (each route answers the one today's order puts first),
// and errors carry the refused value (messages quote it). Bodies are at most
// 64 KB, so collecting every error stays cheap.
//
// Two checks JSON Schema has no word for, as keywords: a length counted as
// JavaScript counts it (`maxLength` counts code points, and MAX_SEGMENT_TEXT
// has always meant UTF-16 units), and the merge marks a text may not keep.

import type { Ajv } from 'ajv';
import type { FastifyServerOptions } from 'fastify';
import { hasUnresolvedConflict } from '../../core/merge-conflicts.js';

/** A string holding no NUL (U+0000), as a JSON Schema pattern. */
export const NO_NUL = '^[^\\u0000]*$';
/** A string holding something besides white space (the same white space as String.prototype.trim). */
export const NOT_BLANK = '\\S';

function addTextKeywords(ajv: Ajv): Ajv {
  ajv.addKeyword({ keyword: 'maxTextLength', type: 'string', schemaType: 'number', validate: (max: number, text: string) => text.length <= max, errors: false });
  ajv.addKeyword({ keyword: 'mergeResolved', type: 'string', schemaType: 'boolean', validate: (wanted: boolean, text: string) => !wanted || !hasUnresolvedConflict(text), errors: false });
  return ajv;
}

export const AJV_OPTIONS: NonNullable<FastifyServerOptions['ajv']> = {
  customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: true, verbose: true },
  plugins: [addTextKeywords],
};

/** One schema error as Ajv gives it (verbose: with the refused value). */
export interface SchemaError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  data?: unknown;
}
