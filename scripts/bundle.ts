// The `diptych` command as it ships: the compiled CLI (dist/src) and the
// packages it imports, bundled by esbuild into a few files under
// dist/bundle/cli. Node.js resolves, reads and links every ES module it loads
// one by one, and a cold batch loaded about 440 of them: a third of a CPU-second
// before the first article, paid by every command. Bundled, a cold batch of one
// article costs about 0.17 CPU-s less (docs/performance.md). Each subcommand's
// module and each lazily loaded package stay their own chunk (code splitting),
// so a command still loads only what it uses. Left to Node.js at run time: the
// native addon (better-sqlite3), what the source loads through its own
// `createRequire` on purpose, at first use (the word lists, ajv, jsdiff,
// csv-parse, cli-progress), which esbuild leaves alone, and the CommonJS
// packages the source imports lazily (deepl-node, @mozilla/readability: see
// commonJsLoadedLazily). The tests run this bundle (test/support/cli.ts).
// The metafile (dist/bundle/meta.json) says which source file went into which
// chunk: test/cli-startup.test.ts reads it to name what a command loaded.
// Run after `tsc` by `npm run build`.

import { existsSync, readFileSync } from 'node:fs';
import { cp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

const root = path.resolve(import.meta.dirname, '../..');
const out = path.join(root, 'dist/bundle');

// The workers are started from a file beside the code that starts them (new URL('./x.js', import.meta.url)).
const entries = ['src/cli/main.js', 'src/review/render-worker.js', 'src/read/parse-worker.js'];

// Packages written as CommonJS look for `require` and `__filename`, which an ES module does not have.
const banner = [
  "import { createRequire as __bundleRequire } from 'node:module';",
  "import { fileURLToPath as __bundlePath } from 'node:url';",
  'const require = __bundleRequire(import.meta.url);',
  'const __filename = __bundlePath(import.meta.url);',
].join(' ');

/** Whether Node.js loads `file` as CommonJS: by its extension, else by the nearest package.json's "type". */
function isCommonJs(file: string): boolean {
  if (file.endsWith('.cjs')) return true;
  if (file.endsWith('.mjs')) return false;
  for (let folder = path.dirname(file); folder !== path.dirname(folder); folder = path.dirname(folder)) {
    const manifest = path.join(folder, 'package.json');
    if (existsSync(manifest)) return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: string }).type !== 'module';
  }
  return true;
}

/**
 * A package the source imports lazily (`await import('deepl-node')`) whose code is CommonJS stays
 * outside the bundle, for Node.js to load at run time. esbuild gives such a chunk only a default
 * export (the module's `exports`), where Node.js's own loader also gives the named exports the
 * source takes (`const { Readability } = await import('@mozilla/readability')`): bundled, they
 * were undefined. ES module packages are bundled as before.
 */
const commonJsLoadedLazily: Plugin = {
  name: 'commonjs-loaded-lazily',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.kind !== 'dynamic-import' || args.pluginData === 'resolving') return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'resolving' });
      if (resolved.errors.length > 0 || resolved.external || !isCommonJs(resolved.path)) return undefined;
      return { path: args.path, external: true };
    });
  },
};

await rm(out, { recursive: true, force: true });
const result = await build({
  entryPoints: entries.map((entry) => path.join(root, 'dist', entry)),
  // dist/bundle/cli is as deep as dist/src/cli, so main.js finds ../../../package.json the same way.
  outdir: path.join(out, 'cli'),
  entryNames: '[name]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', 'pg-native'],
  plugins: [commonJsLoadedLazily],
  banner: { js: banner },
  metafile: true,
  // The metafile's paths start at the repository (node_modules/…, dist/src/…), wherever the build is run from.
  absWorkingDir: root,
  logLevel: 'warning',
});
// The review page's scripts and styles, found at ../assets from the code that serves them.
await cp(path.join(root, 'src/review/assets'), path.join(out, 'assets'), { recursive: true });
await writeFile(path.join(out, 'meta.json'), JSON.stringify(result.metafile));
