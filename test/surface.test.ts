// The public surface of each entry file: what other layers may use. A change
// here is a change of API (render, segment, translate and exchange are pinned
// in their own tests).

import { describe, expect, it } from 'vitest';

const entries: Record<string, () => Promise<object>> = {
  read: () => import('../src/read/index.js'),
  glossary: () => import('../src/glossary/index.js'),
  check: () => import('../src/check/index.js'),
  store: () => import('../src/store/index.js'),
  align: () => import('../src/align/index.js'),
  pipeline: () => import('../src/pipeline/index.js'),
  batch: () => import('../src/batch/index.js'),
};

const surfaces: Record<string, string[]> = {
  read: ['DEFAULT_USER_AGENT', 'articleOf', 'decodeArticle', 'fetchPage', 'formatOf', 'isWebAddress', 'parseArticle', 'readArticle', 'slugify', 'supportedExtensions'],
  glossary: [
    'FORMAT_DOC', 'GLOSSARY_EXTENSIONS', 'TERM_TYPES', 'entryKey', 'findTerms', 'lintEntries', 'loadGlossary', 'makeGlossary',
    'parseCsvGlossary', 'parseGlossaryText', 'parseTbx', 'pinnedForm', 'protectTerms', 'readGlossaryFiles', 'suggestTerms', 'termLemmas', 'verifyTerms',
    'writeCsvGlossary', 'writeProjectTsv', 'writeTbx',
  ],
  check: [
    'CHECK_RULES', 'applyEdits', 'checkArticle', 'checkSegment', 'checkSegments', 'compareQuantities', 'extractQuantities', 'findingOf',
    'fixSegment', 'fixableRules', 'foreignWords', 'lengthScore', 'placeholderPattern', 'repairSegmentTerms', 'repairTerms',
    'termAccuracy',
  ],
  store: [
    'CACHE_FILE', 'FUZZY_THRESHOLD', 'FolderStore', 'MEMORY_FILE', 'PAGES_DIR', 'RevisionConflictError', 'STATE_DIR', 'STORE_FORMAT', 'StoreOfRecordError', 'TranslationCache', 'TranslationMemory',
    'isInsideFolder', 'loadArticle', 'loadCachedPage', 'loadManifest', 'lockOutput', 'manifestFile', 'normaliseSource', 'openAppendLog', 'openStoreOfRecord', 'pageFile',
    'parseStoredArticle', 'publishedEdits', 'removeStaleTemporaries', 'sameStamp', 'saveArticle', 'saveCachedPage', 'saveManifest', 'serializeArticle', 'serializeArticleChunks',
    'readStoresIn', 'similarity', 'stampAfter', 'stampOf', 'storeFile', 'storeFilesIn',
    'AccountError', 'KyselyAccountStore', 'ROLES', 'SESSION_LIFETIME', 'SIGN_IN_LIFETIME', 'STORE_DATABASE', 'accountsIn', 'openAccountStore', 'roleAllows',
  ],
  align: ['LOW_CONFIDENCE', 'alignSentences', 'formatLinks', 'languageShares', 'parseLinks'],
  pipeline: [
    'DEFAULT_FIX_POLICY', 'alignArticles', 'alignDocuments', 'prepareAlignSide', 'TranslationQueue', 'approvalsOf', 'completeTranslation', 'prepareArticle', 'prepareTranslation',
    'importReturned', 'mergeOmegat', 'mergeReturned', 'mergeXliff', 'publishArticle', 'publishPages', 'prepareRecheck', 'publishStore', 'recheckArticle', 'recheckSegment', 'runArticle', 'translateArticle', 'translateOptionsOf', 'translationKey', 'webArticleJob',
  ],
  batch: ['collectArticles', 'planRun', 'runTranslation'],
};

describe('entry files', () => {
  for (const [layer, names] of Object.entries(surfaces)) {
    it(`src/${layer} exports exactly its public API`, async () => {
      expect(Object.keys(await entries[layer]!()).sort()).toEqual([...names].sort());
    });
  }
});
