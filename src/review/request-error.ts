// A request the review API refuses, with its HTTP status and stable code: its
// own module so that the parts of a save (relink.ts) and the store that runs
// them (review-store.ts) can both raise it without importing each other.

/** A request the API refuses: HTTP status, stable code, and what to do. */
export class ReviewRequestError extends Error {
  override name = 'ReviewRequestError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
