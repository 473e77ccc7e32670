import { describe, expect, it } from 'vitest';
import { planBatches } from '../src/translate/transport/batches.js';

describe('planBatches', () => {
  const units = Array.from({ length: 5 }, (_, i) => ({ id: String(i), text: 'x'.repeat(10) }));

  it('splits by item count, keeping order', () => {
    expect(planBatches(units, { maxItems: 2, maxBytes: 1000 }).map((batch) => batch.map((unit) => unit.id))).toEqual([['0', '1'], ['2', '3'], ['4']]);
  });

  it('splits by bytes', () => {
    expect(planBatches(units, { maxItems: 10, maxBytes: 25 }).map((batch) => batch.length)).toEqual([2, 2, 1]);
  });

  it('sends a unit larger than the byte limit alone rather than dropping it', () => {
    const big = [{ id: 'big', text: 'y'.repeat(100) }, ...units.slice(0, 1)];
    expect(planBatches(big, { maxItems: 10, maxBytes: 25 }).map((batch) => batch.map((unit) => unit.id))).toEqual([['big'], ['0']]);
  });
});
