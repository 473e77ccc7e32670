// Identities of composed translators: a failover chain's identity is made of
// its members', and code that needs each engine's own (cache keys, provenance)
// reads them through `membersOf`. Each engine's own identity lives in its
// descriptor (engines/*.ts).

import type { TranslatorIdentity } from './translator.js';

/** A failover chain's identity: its members in order, the primary's model. */
export function chainIdentity(members: readonly TranslatorIdentity[]): TranslatorIdentity {
  const primary = members[0]!;
  return {
    engine: members.map((member) => member.engine).join(','),
    ...(primary.model ? { model: primary.model } : {}),
    settings: primary.settings,
    members,
  };
}

/** The members of a translator: a failover chain's engines in order, or the translator alone. */
export function membersOf(identity: TranslatorIdentity): readonly TranslatorIdentity[] {
  return identity.members ?? [identity];
}
