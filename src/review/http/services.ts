// What the route plugins share, handed to each through its plugin options
// (nothing global): the article stores, the reviewer name for writes that
// name nobody, the engine a reviewer may ask, and the team's accounts.

import type { AccountStore } from '../../store/index.js';
import type { ReviewStore } from '../review-store.js';
import type { SegmentSuggester } from '../segment-suggester.js';

export interface ReviewServices {
  store: ReviewStore;
  /** `--user`: offered to each browser, and the author of writes that name nobody. */
  user?: string;
  /** "Ask another engine", when configured. */
  suggester?: SegmentSuggester;
  /** The team's accounts, when there is a store for them. */
  accounts?: AccountStore | undefined;
}
