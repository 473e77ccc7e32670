// French abbreviations that end in a full stop without ending the sentence.
//
// Two kinds, because some abbreviations are also ordinary words or often end
// a sentence ("sept.", "vol.", "etc."): those only hold the sentence together
// when the next word starts with a lower-case letter or a digit. Titles and a
// few abbreviations that are always followed by a name or a number hold it
// together whatever follows.
//
// The lists are our own, except `pysbdFrench` (see its notice). The other
// lists in ../shared/eval/segmentation/abbrev_lists.json are not copied here:
// Moses' nonbreaking_prefix.fr is LGPL and Okapi's ULI list has no clear
// licence.

/** Titles and forms of address, case-sensitive: "M. Dupont", "Mme. Durand", "Pr. Raoult". */
export const titles: ReadonlySet<string> = new Set([
  'M', 'MM', 'Mme', 'Mmes', 'Mlle', 'Mlles', 'Me', 'Mgr', 'Mgrs',
  'Dr', 'Drs', 'Pr', 'Prs', 'Prof', 'St', 'Ste', 'Sts', 'Stes',
  'Mr', 'Mrs', 'Ms', 'Messrs',
  // Military ranks, frequent in defence news.
  'Gal', 'Gén', 'Col', 'Cdt', 'Cne', 'Lt', 'Sgt', 'Adm',
]);

/**
 * Abbreviations always followed by something that continues the sentence
 * (a name, a number, a title): "av. J.-C.", "12 av. Foch", "éd. Gallimard",
 * "coll. Folio", "chap. IV", "cf. Dupont", "réf. A12". Lower-cased.
 */
export const prepositiveAbbreviations: ReadonlySet<string> = new Set([
  'av', 'apr', 'ap', 'boul', 'bd', 'cf', 'conf', 'éd', 'édit', 'coll', 'chap', 'réf', 'fig', 'pp',
  'n°', 'nº', 'n°s', 'vs',
]);

/**
 * Abbreviations that continue the sentence only before a lower-case word or a
 * digit ("etc. et", "7 sept. 2018", "Intercept Ltd. sont"). Lower-cased.
 */
const frenchAbbreviations = [
  // Latin and scholarly
  'etc', 'al', 'ca', 'cit', 'op', 'ibid', 'id', 'loc', 'sq', 'sqq', 'viz', 'cap', 'ff', 'sic', 'seq',
  'env', 'approx', 'ex', 'p.ex', 'c.-à-d', 'c-à-d', 'càd', 'n.b', 'n.d.l.r', 'n.d.t', 'p.s',
  // Bibliographic description (BnF/ISBD usage)
  'art', 'vol', 'vols', 'tom', 'resp', 'fasc', 'suppl', 'app', 'tab', 'pl', 'ill', 'illustr',
  'trad', 'impr', 'imprim', 'reprod', 'rééd', 'réimpr', 'préf', 'introd', 'postf', 'annot',
  'dir', 'coord', 'éds', 'ms', 'mss', 'no', 'nos', 'num', 'sect', 'paragr',
  // Dates and times
  'janv', 'févr', 'fév', 'avr', 'juill', 'juil', 'sept', 'oct', 'nov', 'déc',
  'lun', 'mar', 'mer', 'jeu', 'ven', 'sam', 'dim', 'hr', 'min', 'sec', 'max',
  // Administration, addresses, companies
  'dép', 'dépt', 'arr', 'adm', 'admin', 'gouv', 'sén', 'bât', 'esc', 'ch', 'rte',
  'tél', 'fax', 'cie', 'ste', 'sté', 'inc', 'ltd', 'co', 'corp', 'bros', 'assoc', 'synd', 'fédé',
  'univ', 'inst', 'gén', 'hab', 'auj', 'qqch', 'qqn',
  // Grammar and dictionaries
  'adj', 'adv', 'fém', 'masc', 'sing', 'plur', 'vb', 'syn', 'contr', 'suiv', 'var', 'fr', 'angl',
];

// The French abbreviation list of pySBD (tests/lang/ and pysbd/lang/french.py),
// also used by sentencex. Used under the MIT licence:
//
//   MIT License — Copyright (c) 2017 Nipun aka Saddy
//   Permission is hereby granted, free of charge, to any person obtaining a copy
//   of this software and associated documentation files (the "Software"), to deal
//   in the Software without restriction, including without limitation the rights
//   to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
//   copies of the Software, and to permit persons to whom the Software is
//   furnished to do so, subject to the following conditions:
//   The above copyright notice and this permission notice shall be included in all
//   copies or substantial portions of the Software.
//   THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
//   IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
//   FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
//   AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
//   LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
//   OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
//   SOFTWARE.
const pysbdFrench = [
  'a.c.n', 'a.m', 'al', 'ann', 'apr', 'art', 'auj', 'av', 'b.p', 'boul', 'c.-à-d', 'c.n', 'c.n.s',
  'c.p.i', 'c.q.f.d', 'c.s', 'ca', 'cf', 'ch.-l', 'chap', 'co', 'contr', 'dir', 'e.g', 'e.v', 'env',
  'etc', 'ex', 'fasc', 'fig', 'fr', 'fém', 'hab', 'i.e', 'ibid', 'id', 'inf', 'l.d', 'lib', 'll.aa',
  'll.aa.ii', 'll.aa.rr', 'll.aa.ss', 'll.ee', 'll.mm', 'll.mm.ii.rr', 'loc.cit', 'ltd', 'masc', 'mm',
  'ms', 'n.b', 'n.d', 'n.d.a', 'n.d.l.r', 'n.d.t', 'n.p.a.i', 'n.s', 'n/réf', 'nn.ss', 'p.c.c', 'p.ex',
  'p.j', 'p.s', 'pl', 'pp', 'r.-v', 'r.a.s', 'r.i.p', 'r.p', 's.a', 's.a.i', 's.a.r', 's.a.s', 's.e',
  's.m', 's.m.i.r', 's.s', 'sec', 'sect', 'sing', 'sq', 'sqq', 'ss', 'suiv', 'sup', 'suppl', 't.s.v.p',
  'tél', 'vb', 'vol', 'vs', 'x.o', 'z.i', 'éd',
];

export const abbreviations: ReadonlySet<string> = new Set([...frenchAbbreviations, ...pysbdFrench]);
