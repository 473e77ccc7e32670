// The review editor: a local web server over an output folder's stores, and
// post-editing effort figures. Sits on top of the pipeline; only the CLI imports it.
export { articleEffort, chrF, effortOf, effortWords, lcsLength, machineTextOf, wordDistance, type Effort } from './effort.js';
export { applyPatch, isSafeSlug, listing, ReviewRequestError, ReviewStore, STATES, type ArticleListing, type PatchResult, type SegmentPatch } from './review-store.js';
export { BODY_LIMIT, buildReviewServer, CONTENT_SECURITY_POLICY, isLoopback, startReviewServer, type RunningReviewServer } from './server.js';
export { openReview, type ReviewSession } from './open-review.js';
export type { SegmentSuggester, Suggestion } from './segment-suggester.js';
