import { execFileSync } from 'node:child_process';

/** Whether Debian's Apertium with the French→Spanish→English pairs is installed (tests that need it skip otherwise). */
export const hasApertium = (() => {
  try {
    const modes = execFileSync('apertium', ['-l'], { encoding: 'utf8' });
    return modes.includes('fr-es') && modes.includes('spa-eng');
  } catch {
    return false;
  }
})();
