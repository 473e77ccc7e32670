import { realpathSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { spawnSync, execFileSync } from 'node:child_process';
import path from 'node:path';

// OmegaT (Debian package `omegat`, installed by `npm run setup`) driven in its
// console modes. It is Java: headless, with HOME and its configuration folder
// inside the test's temporary folder, so nothing reaches the user's own.

/** The Java OmegaT runs on; Groovy (an OmegaT dependency) needs it as JAVA_HOME. */
function javaHome(): string {
  const java = realpathSync(execFileSync('which', ['java'], { encoding: 'utf8' }).trim());
  return path.dirname(path.dirname(java));
}

export function omegatEnv(home: string): NodeJS.ProcessEnv {
  mkdirSync(home, { recursive: true });
  return { ...process.env, HOME: home, JAVA_HOME: javaHome(), JAVA_TOOL_OPTIONS: '-Djava.awt.headless=true' };
}

/** `omegat <project> --mode=<mode> …`; throws with OmegaT's output when it fails. */
export function runOmegat(project: string, mode: string, home: string, extra: string[] = []): string {
  const result = spawnSync('omegat', [project, `--mode=${mode}`, `--config-dir=${path.join(home, 'config')}`, '--quiet', ...extra], {
    env: omegatEnv(home),
    encoding: 'utf8',
  });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0 || result.error) throw new Error(`omegat --mode=${mode} failed (${result.status}): ${result.error?.message ?? ''}\n${output}`);
  return output;
}

/** OmegaT's own glossary reader (GlossaryReaderTSV, through Groovy) on one file: [French, English] per entry. */
export function readGlossaryWithOmegat(file: string, home: string): Array<[string, string]> {
  const script = 'org.omegat.gui.glossary.GlossaryReaderTSV.read(new File(args[0]), false).each { println it.srcText + "\\t" + it.locText }';
  const output = execFileSync('groovy', ['-cp', '/usr/share/omegat/OmegaT.jar', '-e', script, file], { env: omegatEnv(home), encoding: 'utf8' });
  return output
    .split('\n')
    .filter((line) => line.includes('\t'))
    .map((line) => line.split('\t') as [string, string]);
}
