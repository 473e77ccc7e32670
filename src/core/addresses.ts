// A database address as messages may show it: the password replaced by
// `***`. The queue and the store of record both name PostgreSQL in their
// progress lines and errors, and neither may ever print a password.

/** The address with its password hidden; `unparsable` when it is not a URL. */
export function withoutPassword(url: string, unparsable: string): string {
  try {
    const address = new URL(url);
    if (address.password) address.password = '***';
    return address.toString();
  } catch {
    return unparsable;
  }
}
