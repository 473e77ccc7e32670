// What a change to one segment may carry, as JSON Schemas Fastify checks
// before a handler runs, and how a body the schema refuses is answered: the
// codes and messages of the API (docs/api.md, "Review HTTP API"), and when a body
// breaks several rules, the one that comes first in PATCH_REFUSALS.

import type { FastifySchemaValidationError } from 'fastify';
import type { SegmentState } from '../../core/types.js';
import { MAX_SEGMENT_TEXT } from '../../core/limits.js';
import { ReviewRequestError, STATES, unresolvedMerge, type SegmentPatch } from '../review-store.js';
import { NO_NUL, NOT_BLANK, type SchemaError } from '../http/validation.js';
import { RELINK_OPERATIONS } from '../relink.js';

export const SEGMENT_PARAMS = { type: 'object', required: ['slug', 'id'], properties: { slug: { type: 'string' }, id: { type: 'string' } } } as const;

const FIELDS = ['revision', 'target', 'state', 'comment', 'discarded'];

/** PATCH: the revision the change starts from, and at least one change. */
export const SEGMENT_CHANGE = {
  type: 'object',
  additionalProperties: false,
  required: ['revision'],
  // The revision and one change at least (unknown fields are refused above).
  minProperties: 2,
  properties: {
    revision: { type: 'integer', minimum: 0 },
    // NUL ends strings in many tools the English goes on to (CAT tools, XML): never stored.
    target: { type: 'string', maxTextLength: MAX_SEGMENT_TEXT, mergeResolved: true, pattern: NO_NUL },
    state: { enum: STATES },
    comment: { type: 'string', maxTextLength: MAX_SEGMENT_TEXT, allOf: [{ pattern: NO_NUL }, { pattern: NOT_BLANK }] },
    discarded: { type: 'string', maxTextLength: MAX_SEGMENT_TEXT },
  },
} as const;

export interface SegmentChange {
  revision: number;
  target?: string;
  state?: SegmentState;
  comment?: string;
  discarded?: string;
}

type Refusal = [applies: (error: SchemaError) => boolean, refuse: (error: SchemaError) => ReviewRequestError];
const refusal = (code: string, message: string) => () => new ReviewRequestError(400, code, message);
const at = (field: string, keyword?: string) => (error: SchemaError) => error.instancePath === `/${field}` && (keyword === undefined || error.keyword === keyword);

/** In the order the API has always checked a change: the first that applies is the answer. */
const PATCH_REFUSALS: Refusal[] = [
  [(error) => error.instancePath === '' && error.keyword === 'type', refusal('bad-body', `send a JSON object: { "revision": n, "target"?, "state"?, "comment"?, "discarded"? }`)],
  [(error) => error.keyword === 'additionalProperties', (error) => new ReviewRequestError(400, 'unknown-field', `unknown field "${String(error.params.additionalProperty)}": use ${FIELDS.join(', ')}`)],
  [(error) => at('revision')(error) || (error.keyword === 'required' && error.params.missingProperty === 'revision'), refusal('bad-revision', '"revision" must be the segment\'s current revision (a whole number ≥ 0)')],
  [at('target', 'type'), refusal('bad-target', '"target" must be a string')],
  [at('target', 'maxTextLength'), refusal('bad-target', `"target" is longer than ${MAX_SEGMENT_TEXT} characters`)],
  [at('target', 'mergeResolved'), (error) => unresolvedMerge(error.data as string)],
  [at('discarded'), refusal('bad-discarded', `"discarded" must be a string of at most ${MAX_SEGMENT_TEXT} characters`)],
  [at('target', 'pattern'), refusal('bad-target', '"target" holds a NUL character (U+0000): remove it')],
  [(error) => at('comment', 'pattern')(error) && error.params.pattern === NO_NUL, refusal('bad-comment', '"comment" holds a NUL character (U+0000): remove it')],
  [at('state'), (error) => new ReviewRequestError(400, 'unknown-state', `unknown state ${JSON.stringify(error.data)}: use ${STATES.join(', ')}`)],
  [at('comment'), refusal('bad-comment', `"comment" must be a non-empty string of at most ${MAX_SEGMENT_TEXT} characters`)],
  [(error) => error.keyword === 'minProperties', refusal('empty-change', 'send at least one of target, state, comment, discarded')],
];

/** The route's `schemaErrorFormatter`: Ajv's errors (all of them) → the API's one refusal. */
export function refuseChange(errors: FastifySchemaValidationError[]): Error {
  const all = errors as SchemaError[];
  for (const [applies, refuse] of PATCH_REFUSALS) {
    const error = all.find(applies);
    if (error) return refuse(error);
  }
  return new ReviewRequestError(400, 'bad-body', all.map((error) => `${error.instancePath || 'body'} ${error.message ?? error.keyword}`).join('; '));
}

/** The change as the store takes it (a comment without its surrounding white space). */
export function patchOf(change: SegmentChange): SegmentPatch {
  const { revision, target, state, comment, discarded } = change;
  return {
    revision,
    ...(discarded !== undefined ? { discarded } : {}),
    ...(target !== undefined ? { target } : {}),
    ...(state !== undefined ? { state } : {}),
    ...(comment !== undefined ? { comment: comment.trim() } : {}),
  };
}

/** POST …/undo: the revision the change to undo made. Other fields are ignored, as they always were. */
export const UNDO = { type: 'object', required: ['revision'], properties: { revision: { type: 'integer', minimum: 0 } } } as const;

export const refuseUndo = (): Error => new ReviewRequestError(400, 'bad-revision', 'send { "revision": n }: the revision the change to undo made');

/** POST …/relink: move a sentence to the link before or after, merge with the next link, or split one. */
export const RELINK = {
  type: 'object',
  required: ['revision', 'operation'],
  properties: {
    revision: { type: 'integer', minimum: 0 },
    operation: { enum: [...RELINK_OPERATIONS] },
    french: { type: 'integer', minimum: 0 },
    english: { type: 'integer', minimum: 0 },
  },
} as const;

export const refuseRelink = (): Error =>
  new ReviewRequestError(400, 'bad-body', `send {"revision": <the segment's revision>, "operation": one of ${RELINK_OPERATIONS.join(', ')}}`);

/**
 * POST …/suggest: `{ "engine"?: id }`, read only when it is a string. Any
 * body is accepted, as it always was (the page sends `{}`); tightening it
 * would refuse requests that work today.
 */
export const SUGGEST = { description: 'optional { "engine": id }; any other body asks the configured engine' } as const;
