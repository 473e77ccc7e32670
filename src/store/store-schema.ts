// The shape a store file must have before any command relies on it. A store
// edited by hand or written by a broken tool (a segment without `terms`, a
// block without `segments`) would otherwise crash whoever reads it first — the
// review list, `stats`, `qa` — far from the file at fault. Checked once, when
// read, with ajv (the JSON Schema validator Fastify itself uses), so the
// message names the file and the place in it.

import { createRequire } from 'node:module';
import type { Ajv, ErrorObject } from 'ajv';

// ajv (a CommonJS package) is required when a store is first checked, not
// imported: its 80 modules cost a batch, which never reads a store file,
// about 50 ms of CPU to load.
const require = createRequire(import.meta.url);

const mark = {
  type: 'object',
  required: ['kind', 'start', 'end'],
  properties: {
    kind: { enum: ['emphasis', 'strong', 'link', 'code'] },
    start: { type: 'integer', minimum: 0 },
    end: { type: 'integer', minimum: 0 },
    href: { type: 'string' },
    title: { type: 'string' },
  },
} as const;

const finding = {
  type: 'object',
  required: ['rule', 'source', 'severity', 'message'],
  properties: {
    rule: { type: 'string' },
    source: { type: 'string' },
    severity: { enum: ['error', 'warning', 'info'] },
    message: { type: 'string' },
  },
} as const;

const state = { enum: ['new', 'translated', 'reviewed', 'final'] } as const;

const segment = {
  type: 'object',
  required: ['id', 'source', 'sourceMarks', 'state', 'terms', 'unknownWords', 'findings'],
  properties: {
    id: { type: 'string', minLength: 1 },
    source: { type: 'string' },
    target: { type: 'string' },
    sourceMarks: { type: 'array', items: mark },
    targetMarks: { type: 'array', items: mark },
    provenance: { type: 'object', required: ['translator', 'glossaryVersion', 'edited', 'at'], properties: { translator: { type: 'string' }, glossaryVersion: { type: 'string' }, edited: { type: 'boolean' }, at: { type: 'string' } } },
    state,
    terms: { type: 'array', items: { type: 'object', required: ['entry', 'source', 'target'], properties: { entry: { type: 'string' }, source: { type: 'string' }, target: { type: 'string' } } } },
    unknownWords: { type: 'array', items: { type: 'string' } },
    findings: { type: 'array', items: finding },
    revision: { type: 'integer', minimum: 0 },
    history: {
      type: 'array',
      items: { type: 'object', required: ['target', 'origin', 'by', 'at', 'state', 'revision'], properties: { target: { type: 'string' }, origin: { enum: ['machine', 'memory', 'person', 'import'] }, by: { type: 'string' }, at: { type: 'string' }, state, revision: { type: 'integer' } } },
    },
    comments: { type: 'array', items: { type: 'object', required: ['author', 'at', 'text'], properties: { author: { type: 'string' }, at: { type: 'string' }, text: { type: 'string' } } } },
    machineTarget: { type: 'string' },
    // `diptych align`: the sentences of each document this segment joins (the page and review rely on them).
    link: {
      type: 'object',
      required: ['fr', 'en', 'confidence'],
      properties: { fr: { type: 'array', items: { type: 'integer', minimum: 0 } }, en: { type: 'array', items: { type: 'integer', minimum: 0 } }, confidence: { type: 'number' } },
    },
  },
} as const;

const block = {
  type: 'object',
  required: ['kind', 'text', 'marks', 'segments'],
  properties: {
    kind: { enum: ['title', 'heading', 'paragraph', 'quote', 'list-item', 'caption', 'image-alt', 'table-cell', 'code', 'footnote'] },
    text: { type: 'string' },
    marks: { type: 'array', items: mark },
    segments: { type: 'array', items: segment },
  },
} as const;

const storeSchema = {
  type: 'object',
  required: ['diptych', 'article'],
  properties: {
    diptych: { const: 1 },
    article: {
      type: 'object',
      required: ['slug', 'sourcePath', 'format', 'sourceLang', 'targetLang', 'title', 'blocks'],
      properties: {
        slug: { type: 'string', minLength: 1 },
        sourcePath: { type: 'string' },
        format: { enum: ['txt', 'md', 'html'] },
        sourceLang: { type: 'string' },
        targetLang: { type: 'string' },
        title: { type: 'string' },
        alignment: {
          type: 'object',
          required: ['englishDocument', 'french', 'english'],
          properties: { englishDocument: { type: 'string' }, french: { type: 'array', items: { type: 'string' } }, english: { type: 'array', items: { type: 'string' } } },
        },
        blocks: { type: 'array', items: block },
      },
    },
  },
} as const;

// Compiled on first use: commands that never read a store do not pay for it.
let validate: ReturnType<Ajv['compile']> | undefined;

/** Undefined when `data` is a well-formed store; otherwise the first problem, with where it is. */
export function storeProblem(data: unknown): string | undefined {
  validate ??= new (require('ajv') as typeof import('ajv')).Ajv({ allErrors: false, strict: true, allowUnionTypes: true }).compile(storeSchema);
  if (validate(data)) return undefined;
  return describe(validate.errors?.[0]);
}

function describe(error: ErrorObject | undefined): string {
  if (!error) return 'does not match the store format';
  // ajv's own words ("must have required property 'terms'"), placed by JSON pointer.
  return `${error.instancePath === '' ? 'the file' : error.instancePath} ${error.message ?? 'is invalid'}`;
}
