import { describe, expect, it } from 'vitest';
import type { InlineMark } from '../src/core/types.js';
import { fromFragment, toFragment } from '../src/pipeline/markup.js';
import { ApertiumTranslator } from '../src/translate/engines/apertium.js';
import { hasApertium } from './support/apertium.js';

const words = (text: string, marks: InlineMark[]) => marks.map((mark) => [mark.kind, text.slice(mark.start, mark.end)]);

describe('inline markup as fragments', () => {
  it('escapes text so markup-like text stays text', () => {
    const fragment = toFragment('Il a écrit <script>alert(1)</script> & <img src=x onerror=alert(1)>.', []);
    expect(fragment).not.toMatch(/<script|<img/);
    const back = fromFragment(fragment, []);
    expect(back.text).toBe('Il a écrit <script>alert(1)</script> & <img src=x onerror=alert(1)>.');
    expect(back.marks).toEqual([]);
  });

  it('round-trips nested marks', () => {
    const text = 'Voir le rapport de Human Rights Watch publié hier.';
    const marks: InlineMark[] = [
      { kind: 'link', start: text.indexOf('rapport'), end: text.indexOf(' publié'), href: 'https://www.hrw.org/' },
      { kind: 'strong', start: text.indexOf('Human'), end: text.indexOf(' publié') },
    ];
    const back = fromFragment(toFragment(text, marks), marks);
    expect(back.text).toBe(text);
    expect(words(back.text, back.marks)).toEqual([['link', 'rapport de Human Rights Watch'], ['strong', 'Human Rights Watch']]);
    expect(back.marks[0]!.href).toBe('https://www.hrw.org/');
  });

  it('takes link targets from the source, never from the engine', () => {
    const marks: InlineMark[] = [{ kind: 'link', start: 0, end: 4, href: 'https://example.org/' }];
    const reply = '<a id="m0" href="javascript:alert(1)">link</a> here';
    const back = fromFragment(reply, marks);
    expect(back.marks).toEqual([{ kind: 'link', start: 0, end: 4, href: 'https://example.org/' }]);
  });

  it('removes the space engines leave before English punctuation', () => {
    expect(fromFragment('The members have met , yesterday ( Friday ) .', []).text).toBe('The members have met, yesterday (Friday).');
    const marks = [{ kind: 'emphasis' as const, start: 0, end: 4 }];
    const back = fromFragment('<em id="m0">They </em>, too', marks);
    expect(back).toEqual({ text: 'They, too', marks: [{ kind: 'emphasis', start: 0, end: 4 }] });
  });

  it('reads back a 2 MB line with marks at both ends (its spaces collapsed once, not re-read per character)', () => {
    const words = 'the cat of the neighbour eats a grey mouse in the garden  '.repeat(35_000);
    const reply = `<em id="m0">Start</em> ${words}<a id="m1">end</a> .`;
    const marks: InlineMark[] = [
      { kind: 'emphasis', start: 0, end: 5 },
      { kind: 'link', start: 6, end: 9, href: 'https://example.org/' },
    ];
    const back = fromFragment(reply, marks);
    const expected = `Start ${words.replace(/ {2}/g, ' ')}end.`;
    expect(back.text.length).toBe(expected.length);
    expect(back.text === expected).toBe(true);
    expect(back.marks).toEqual([
      { kind: 'emphasis', start: 0, end: 5 },
      { kind: 'link', href: 'https://example.org/', start: expected.length - 4, end: expected.length - 1 },
    ]);
  });

  it('drops elements the engine invented and collapses the spaces they leave', () => {
    const back = fromFragment('A <b>bold</b>  claim <em id="m7">here</em> ', []);
    expect(back).toEqual({ text: 'A bold claim here', marks: [] });
  });
});

describe.skipIf(!hasApertium)('inline markup through Apertium', () => {
  it('keeps each link and emphasis on the words it belongs to, even when Apertium reorders them', async () => {
    const text = 'Le chat noir dort avec des groupes terroristes près de la maison.';
    const marks: InlineMark[] = [
      { kind: 'emphasis', start: 8, end: 12 }, // "noir"
      { kind: 'link', start: 27, end: 46, href: 'https://example.org/groupes' }, // "groupes terroristes"
    ];
    expect(words(text, marks)).toEqual([['emphasis', 'noir'], ['link', 'groupes terroristes']]);
    const [unit] = await new ApertiumTranslator().translate([{ id: 's', text: toFragment(text, marks) }], { sourceLang: 'fr', targetLang: 'en' });
    const back = fromFragment(unit!.text, marks);
    expect(words(back.text, back.marks)).toEqual([['emphasis', 'black'], ['link', 'terrorist groups']]);
    expect(back.text).toMatch(/^The black cat sleeps/);
    expect(back.marks[1]!.href).toBe('https://example.org/groupes');
  });
});
