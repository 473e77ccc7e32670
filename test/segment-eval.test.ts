import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSegmentationCases, scoreSegmentation } from '../bench/eval-segmentation.js';
import { sharedPath } from '../bench/segment-repo-root.js';

const casesFile = sharedPath('eval', 'segmentation', 'fr-cases.json');

// The acceptance bar on third-party cases; `npm run eval:segmentation` prints the details.
describe.skipIf(!existsSync(casesFile))('third-party segmentation cases (../shared)', () => {
  it('passes at least 68/70 French and 24/25 multilingual cases', () => {
    const [french, multilingual] = scoreSegmentation(loadSegmentationCases(casesFile));
    expect(french!.total).toBe(70);
    expect(multilingual!.total).toBe(25);
    expect(french!.passed).toBeGreaterThanOrEqual(68);
    expect(multilingual!.passed).toBeGreaterThanOrEqual(24);
  });
});
