// French news-style sentence segmentation, beyond the third-party cases that
// `npm run eval:segmentation` scores. Each case is the text and the sentences
// a French reader splits it into.
import { describe, expect, it } from 'vitest';
import { splitParagraphs, splitSentences } from '../src/segment/index.js';

const NBSP = '\u00A0';
const NNBSP = '\u202F';

type Case = [text: string, sentences: string[]];

function expectSentences(text: string, sentences: string[]): void {
  expect(splitParagraphs(text)).toEqual([sentences]);
}

const groups: Record<string, Case[]> = {
  'titles and forms of address': [
    ['M. Dupont est arrivé à Paris. Il a rencontré Mme Durand.', ['M. Dupont est arrivé à Paris.', 'Il a rencontré Mme Durand.']],
    [
      'MM. Hollande et Sarkozy ont débattu hier soir. Le débat a duré trois heures.',
      ['MM. Hollande et Sarkozy ont débattu hier soir.', 'Le débat a duré trois heures.'],
    ],
    [
      'Le Dr. Martin et le Pr. Lefèvre ont signé la tribune. Elle paraît demain.',
      ['Le Dr. Martin et le Pr. Lefèvre ont signé la tribune.', 'Elle paraît demain.'],
    ],
    [
      "Selon Me. Bernard, avocat de la famille, l'enquête piétine. Une plainte a été déposée.",
      ["Selon Me. Bernard, avocat de la famille, l'enquête piétine.", 'Une plainte a été déposée.'],
    ],
    [
      "Dans le Nord, le Gal. Dupont commande les troupes. Le Col. Martin l'assiste.",
      ['Dans le Nord, le Gal. Dupont commande les troupes.', "Le Col. Martin l'assiste."],
    ],
  ],
  abbreviations: [
    [
      "Il a été condamné en vertu de l'art. 222-13 du Code pénal. Il fait appel.",
      ["Il a été condamné en vertu de l'art. 222-13 du Code pénal.", 'Il fait appel.'],
    ],
    [
      'Les pays émergents (Brésil, Inde, Chine, etc.) sont concernés. La France aussi.',
      ['Les pays émergents (Brésil, Inde, Chine, etc.) sont concernés.', 'La France aussi.'],
    ],
    [
      "Il a cité la Russie, la Chine, l'Iran, etc. et a dénoncé leur attitude. Moscou a répondu.",
      ["Il a cité la Russie, la Chine, l'Iran, etc. et a dénoncé leur attitude.", 'Moscou a répondu.'],
    ],
    [
      "Le soutien de la Russie, de l'Iran, etc. Voilà ce qui inquiète Washington.",
      ["Le soutien de la Russie, de l'Iran, etc.", 'Voilà ce qui inquiète Washington.'],
    ],
    ['Voir p. 12 et suiv. pour le détail des chiffres.', ['Voir p. 12 et suiv. pour le détail des chiffres.']],
    [
      'Le président de la Cie. des Indes a démissionné hier.',
      ['Le président de la Cie. des Indes a démissionné hier.'],
    ],
    [
      "Le roman est paru aux éd. Gallimard, coll. Folio. Il s'est vendu à 10 000 exemplaires.",
      ["Le roman est paru aux éd. Gallimard, coll. Folio.", "Il s'est vendu à 10 000 exemplaires."],
    ],
    [
      'Il est revenu avec le P.-D.G. de la société. Ils ont visité l\'usine.',
      ['Il est revenu avec le P.-D.G. de la société.', "Ils ont visité l'usine."],
    ],
    [
      "Le vol a été annulé à cause de la neige. Les passagers attendent.",
      ['Le vol a été annulé à cause de la neige.', 'Les passagers attendent.'],
    ],
    [
      "Le vol. 3 de l'encyclopédie est paru. Le suivant sortira en mai.",
      ["Le vol. 3 de l'encyclopédie est paru.", 'Le suivant sortira en mai.'],
    ],
  ],
  'dates and times': [
    [
      'Le sommet aura lieu le 7 sept. 2018 à Idlib. Les délégations arriveront la veille.',
      ['Le sommet aura lieu le 7 sept. 2018 à Idlib.', 'Les délégations arriveront la veille.'],
    ],
    [
      "Le texte a été adopté le 12 janv. dernier par l'Assemblée. Le Sénat doit encore se prononcer.",
      ["Le texte a été adopté le 12 janv. dernier par l'Assemblée.", 'Le Sénat doit encore se prononcer.'],
    ],
    [
      "Les soldes commencent le 4 juill. et s'achèvent en août.",
      ["Les soldes commencent le 4 juill. et s'achèvent en août."],
    ],
    [
      'Ils étaient sept. Les autres sont restés à Damas.',
      ['Ils étaient sept.', 'Les autres sont restés à Damas.'],
    ],
    [
      'La réunion est prévue à 14 h 30 au ministère. Elle devrait durer deux heures.',
      ['La réunion est prévue à 14 h 30 au ministère.', 'Elle devrait durer deux heures.'],
    ],
    [
      'Le rendez-vous est fixé à 9 h. Les journalistes sont conviés.',
      ['Le rendez-vous est fixé à 9 h.', 'Les journalistes sont conviés.'],
    ],
    [
      "La bataille d'Alésia date de 52 av. J.-C. et marque la fin de la guerre des Gaules. César la raconte lui-même.",
      [
        "La bataille d'Alésia date de 52 av. J.-C. et marque la fin de la guerre des Gaules.",
        'César la raconte lui-même.',
      ],
    ],
    ['Auguste meurt en 14 apr. J.-C. Tibère lui succède.', ['Auguste meurt en 14 apr. J.-C.', 'Tibère lui succède.']],
    [
      "Le XIXe s. a vu naître l'industrie lourde dans la région. Le XXe l'a vue disparaître.",
      ["Le XIXe s. a vu naître l'industrie lourde dans la région.", "Le XXe l'a vue disparaître."],
    ],
  ],
  numbers: [
    [
      'La température a atteint 41,5 °C. C\'est un record pour le mois de juin.',
      ['La température a atteint 41,5 °C.', "C'est un record pour le mois de juin."],
    ],
    [
      "Le chômage est passé de 9,6 % à 10,2 %. Il n'avait jamais été aussi élevé depuis 1999.",
      ['Le chômage est passé de 9,6 % à 10,2 %.', "Il n'avait jamais été aussi élevé depuis 1999."],
    ],
    [
      'Le prix du baril a atteint 100.5 dollars. C\'est le plus haut niveau depuis 2008.',
      ['Le prix du baril a atteint 100.5 dollars.', "C'est le plus haut niveau depuis 2008."],
    ],
    [
      'Il est arrivé 1er au premier tour. Son adversaire, 2e, a reconnu sa défaite.',
      ['Il est arrivé 1er au premier tour.', 'Son adversaire, 2e, a reconnu sa défaite.'],
    ],
    [
      'Le décret n° 2012-345 a été publié hier. Il entre en vigueur le 1er juin.',
      ['Le décret n° 2012-345 a été publié hier.', 'Il entre en vigueur le 1er juin.'],
    ],
    [
      'Le score final est de 3 à 1. Les supporters ont envahi le terrain.',
      ['Le score final est de 3 à 1.', 'Les supporters ont envahi le terrain.'],
    ],
    ['1. Le contexte de la crise syrienne.', ['1. Le contexte de la crise syrienne.']],
  ],
  'quotations with inner sentences': [
    [
      '« Nous ne céderons pas », a déclaré le ministre. Il a quitté la salle.',
      ['« Nous ne céderons pas », a déclaré le ministre.', 'Il a quitté la salle.'],
    ],
    [
      '« Pourquoi maintenant ? » a demandé un journaliste. Le porte-parole n\'a pas répondu.',
      ['« Pourquoi maintenant ? » a demandé un journaliste.', "Le porte-parole n'a pas répondu."],
    ],
    [
      "« C'est inacceptable ! » s'est indigné le maire. Il a porté plainte.",
      ["« C'est inacceptable ! » s'est indigné le maire.", 'Il a porté plainte.'],
    ],
    [
      "Le ministre a déclaré : « La situation est sous contrôle. Les renforts arrivent. » L'opposition conteste ce bilan.",
      [
        'Le ministre a déclaré : « La situation est sous contrôle.',
        'Les renforts arrivent. »',
        "L'opposition conteste ce bilan.",
      ],
    ],
    [
      `Il a demandé${NBSP}: «${NBSP}Qui paiera${NBSP}?${NBSP}» Personne n'a répondu.`,
      ['Il a demandé : « Qui paiera ? »', "Personne n'a répondu."],
    ],
    [`«${NNBSP}Jamais${NNBSP}!${NNBSP}» a-t-il répondu.`, ['« Jamais ! » a-t-il répondu.']],
    ["Qu'en pensez-vous ? demanda-t-il au ministre.", ["Qu'en pensez-vous ? demanda-t-il au ministre."]],
    [
      'Le film « Qui a tué Pamela Rose ? » sort mercredi. Il est déjà culte.',
      ['Le film « Qui a tué Pamela Rose ? » sort mercredi.', 'Il est déjà culte.'],
    ],
    ['Elle a répondu : « Oui. » et elle est partie.', ['Elle a répondu : « Oui. » et elle est partie.']],
    [
      '« Allez-vous démissionner ? — Jamais ! », a répondu le ministre.',
      ['« Allez-vous démissionner ? — Jamais ! », a répondu le ministre.'],
    ],
    [
      'Il a déclaré : "Nous ne céderons pas." Le gouvernement a répondu.',
      ['Il a déclaré : "Nous ne céderons pas."', 'Le gouvernement a répondu.'],
    ],
  ],
  'initials and acronyms with periods': [
    [
      'J.-P. Martin a été élu maire de la commune. Il succède à J. Durand.',
      ['J.-P. Martin a été élu maire de la commune.', 'Il succède à J. Durand.'],
    ],
    ['Le prix Nobel de J.-M. G. Le Clézio a été salué.', ['Le prix Nobel de J.-M. G. Le Clézio a été salué.']],
    [
      'La S.N.C.F. a annoncé une grève pour jeudi. Les usagers sont inquiets.',
      ['La S.N.C.F. a annoncé une grève pour jeudi.', 'Les usagers sont inquiets.'],
    ],
    [
      "Les U.S.A. et l'U.R.S.S. se sont affrontés indirectement. La guerre froide a duré quarante ans.",
      ["Les U.S.A. et l'U.R.S.S. se sont affrontés indirectement.", 'La guerre froide a duré quarante ans.'],
    ],
    ["L'ambassade des É.-U. a été fermée.", ["L'ambassade des É.-U. a été fermée."]],
    [
      'La France est dans le groupe B. Elle affrontera l\'Espagne en juin.',
      ['La France est dans le groupe B.', "Elle affrontera l'Espagne en juin."],
    ],
    [
      'Rome aurait été fondée en 753 avant J.-C. Les historiens en doutent.',
      ['Rome aurait été fondée en 753 avant J.-C.', 'Les historiens en doutent.'],
    ],
    ["L'ouvrage de J. Le Goff fait référence.", ["L'ouvrage de J. Le Goff fait référence."]],
    [
      'Le contrat a été signé avec la S.N.C.F. Les travaux commencent lundi.',
      ['Le contrat a été signé avec la S.N.C.F.', 'Les travaux commencent lundi.'],
    ],
  ],
  'ellipses, parentheses, references': [
    [
      'Les combats continuent à Idlib... Les civils fuient la ville.',
      ['Les combats continuent à Idlib...', 'Les civils fuient la ville.'],
    ],
    ['Il hésite… puis signe le texte.', ['Il hésite… puis signe le texte.']],
    [
      'Le groupe (anciennement Front al-Nosra) contrôle la ville. Il refuse de désarmer.',
      ['Le groupe (anciennement Front al-Nosra) contrôle la ville.', 'Il refuse de désarmer.'],
    ],
    [
      "Le bilan (provisoire !) fait état de douze morts. Il pourrait s'alourdir.",
      ['Le bilan (provisoire !) fait état de douze morts.', "Il pourrait s'alourdir."],
    ],
    [
      'Le ministre est parti. (Il reviendra demain.) La séance continue.',
      ['Le ministre est parti.', '(Il reviendra demain.)', 'La séance continue.'],
    ],
    [
      '« Nous voulons nos terres ! [...] Nous demandons la libération du Nord » a déclaré Oumar Maïga.',
      ['« Nous voulons nos terres ! [...]', 'Nous demandons la libération du Nord » a déclaré Oumar Maïga.'],
    ],
    ['Il a dit : « Je suis [...] satisfait. »', ['Il a dit : « Je suis [...] satisfait. »']],
    [
      'Le traité a été signé en 1992.[3] Il est entré en vigueur en 1993.',
      ['Le traité a été signé en 1992.[3]', 'Il est entré en vigueur en 1993.'],
    ],
  ],
  'addresses and e-mails': [
    [
      'Le communiqué est disponible sur www.defense.gouv.fr. Il a été publié hier.',
      ['Le communiqué est disponible sur www.defense.gouv.fr.', 'Il a été publié hier.'],
    ],
    [
      'Les lecteurs peuvent écrire à redaction@exemple.fr. Toutes les lettres seront lues.',
      ['Les lecteurs peuvent écrire à redaction@exemple.fr.', 'Toutes les lettres seront lues.'],
    ],
    [
      "Le site http://fr.wikinews.org/wiki/Accueil?action=view publie l'article. Il est sous licence libre.",
      ["Le site http://fr.wikinews.org/wiki/Accueil?action=view publie l'article.", 'Il est sous licence libre.'],
    ],
  ],
  'line-wrapped text': [
    [
      "Le ministère russe de la Défense a déclaré\nque les participants s'étaient mis d'accord.\nLes Casques blancs démentent.",
      [
        "Le ministère russe de la Défense a déclaré que les participants s'étaient mis d'accord.",
        'Les Casques blancs démentent.',
      ],
    ],
    [
      'Selon M.\nKonachenkov, la préparation sera achevée\nle 8 sept. dans la soirée. Le signal viendra\r\nd\'un ordre spécial.',
      ['Selon M. Konachenkov, la préparation sera achevée le 8 sept. dans la soirée.', "Le signal viendra d'un ordre spécial."],
    ],
    [
      '   Le front\n   al-Nosra a changé de nom\n   en 2016. Il s\'appelle désormais\n   Tahrir al-Cham.\n',
      ['Le front al-Nosra a changé de nom en 2016.', "Il s'appelle désormais Tahrir al-Cham."],
    ],
  ],
};

describe('French news-style segmentation', () => {
  for (const [group, cases] of Object.entries(groups)) {
    describe(group, () => {
      it.each(cases)('%s', (text, sentences) => expectSentences(text, sentences));
    });
  }

  it('has at least 40 cases of its own', () => {
    expect(Object.values(groups).flat().length).toBeGreaterThanOrEqual(40);
  });
});

describe('splitSentences offsets', () => {
  it('point at the sentences in the original text, trimmed, line breaks kept inside', () => {
    const text = '  Selon M.\nDupont, rien ne change.\u00A0 « Pourquoi ? » a-t-il dit.\n';
    const spans = splitSentences(text);
    expect(spans.map((span) => text.slice(span.start, span.end))).toEqual([
      'Selon M.\nDupont, rien ne change.',
      '« Pourquoi ? » a-t-il dit.',
    ]);
  });

  it('finds no sentence in empty or blank text', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n\t ')).toEqual([]);
  });

  it('keeps a sentence without a final full stop', () => {
    expect(splitSentences('Syrie : nouvelle avancée des rebelles')).toEqual([{ start: 0, end: 37 }]);
  });
});

describe('splitParagraphs', () => {
  it('splits on blank lines (even with spaces or CRLF) and collapses white space', () => {
    const text = 'Il pleut.  Il\nvente.\n \nM. Dupont\r\nest sorti.\r\n\r\n\r\nFin.';
    expect(splitParagraphs(text)).toEqual([['Il pleut.', 'Il vente.'], ['M. Dupont est sorti.'], ['Fin.']]);
  });

  it('turns no-break and narrow no-break spaces into plain spaces', () => {
    expect(splitParagraphs(`Vraiment${NNBSP}? Oui${NBSP}!`)).toEqual([['Vraiment ?', 'Oui !']]);
  });

  it('returns no paragraph for blank text', () => {
    expect(splitParagraphs('\n\n  \n')).toEqual([]);
  });
});
