// Capitalised words that open sentences but are never a surname, so after a
// lone capital letter they mean "end of sentence", not "initial": "le plan B.
// Il faut…", "avant J.-C. Les Romains…". Name particles (Le, La, De, Du, Van)
// are left out on purpose: "J. Le Goff", "J.-P. de La Fontaine".
const openers = new Set([
  'Il', 'Ils', 'Elle', 'Elles', 'On', 'Nous', 'Vous', 'Je', 'Tu', 'Ce', 'Cet', 'Cette', 'Ces', 'Cela', 'Ça',
  'Les', 'Un', 'Une', 'Des', 'Mon', 'Ma', 'Mes', 'Son', 'Sa', 'Ses', 'Leur', 'Leurs', 'Notre', 'Nos', 'Votre', 'Vos',
  'Mais', 'Et', 'Or', 'Donc', 'Car', 'Ni', 'Puis', 'Ainsi', 'Alors', 'Aussi', 'Enfin', 'Pourtant', 'Cependant',
  'Selon', 'Pour', 'Dans', 'En', 'Au', 'Aux', 'Par', 'Sur', 'Sous', 'Avec', 'Sans', 'Après', 'Avant', 'Depuis',
  'Si', 'Quand', 'Lorsque', 'Comme', 'Tout', 'Toute', 'Tous', 'Toutes', 'Plusieurs', 'Chaque', 'Aucun', 'Aucune',
  'Y', 'Là', 'Ici', 'Oui', 'Non',
]);

// Elided openers: "L'armée", "D'autres", "C'est", "Qu'il", "S'il", "N'est".
const elided = /^(?:[LDCSNJ]|Qu)['’]/u;

/** Whether a capitalised word reads as the first word of a new sentence rather than part of a name. */
export function opensSentence(word: string): boolean {
  return openers.has(word) || elided.test(word);
}
