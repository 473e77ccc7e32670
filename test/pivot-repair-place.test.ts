// A bare pivot leftover is replaced where a pattern with Unicode lookarounds
// would find it (the repair looks at the letters either side itself, rather
// than compiling such a pattern for each leftover).

import { describe, expect, it } from 'vitest';
import { repairPivotLeftovers } from '../src/translate/engines/apertium-pivot-repair.js';

const reference = (word: string) => new RegExp(`(?<![*#@\\p{L}\\p{M}\\p{N}'’-])${word}(?![\\p{L}\\p{M}\\p{N}])`, 'u');

describe('placing a bare pivot leftover', () => {
  it('replaces the first occurrence no letter, digit, mark, apostrophe or hyphen touches', () => {
    const texts = [
      "dos-millardos xmillardos millardosx 'millardos 2millardos *millardos \u{1D400}millardos millardos\u{1D400} millardos2 millardos de euros",
      'millardos al principio',
      'e\u0301millardos millardose\u0301 (millardos)',
      'nada aquí: millardosmillardos',
    ];
    for (const text of texts) {
      const { text: out } = repairPivotLeftovers(text, 'deux milliards', [{ word: 'millardos', marked: false }], new Map());
      expect(out, text).toBe(text.replace(reference('millardos'), 'billion'));
    }
  });
});
