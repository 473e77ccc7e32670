// A connection string is shown without its password, everywhere: in
// progress lines, summaries and errors (the driver's own messages included).
// No database code here, so the CLI can redact its last-resort error line
// without loading the driver.

import { withoutPassword } from '../../core/addresses.js';

/** The connection string as it may be shown: the password replaced by `***`. */
export function displayUrl(url: string): string {
  return withoutPassword(url, '(connection string)');
}

/** `text` with the connection string's password (raw and URL-encoded) blotted out. */
export function redact(text: string, url: string | undefined): string {
  if (!url) return text;
  let password: string;
  try {
    password = new URL(url).password;
  } catch {
    return text;
  }
  if (!password) return text;
  let out = text.split(url).join(displayUrl(url));
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    // Not valid percent-encoding: the raw form is all there is.
  }
  for (const form of new Set([password, decoded])) if (form) out = out.split(form).join('***');
  return out;
}

/** `text` with the password of every connection string the process was given (`--queue`, DIPTYCH_QUEUE_URL) blotted out. */
export function redactArgs(text: string, argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): string {
  const urls = [env['DIPTYCH_QUEUE_URL'], ...argv.flatMap((arg, i) => (arg === '--queue' ? [argv[i + 1]] : arg.startsWith('--queue=') ? [arg.slice(8)] : []))];
  return urls.reduce<string>((out, url) => (url && /^postgres(ql)?:/.test(url) ? redact(out, url) : out), text);
}
