// One esbuild script for the three targets: the extension (node, cjs, `vscode` external),
// the `handoff` command (node) and the trace panel's webview (browser) with its CSS.
// `--production` minifies; `--watch` rebuilds on change. Type-checking is `npm run typecheck`
// (esbuild does not type-check).
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
/** Where the bundles go: `dist` unless `--outdir=PATH` (the bundle-size test builds elsewhere). */
const outdir = process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) ?? join(root, 'dist');

/**
 * zod re-exports every locale's error messages as `z.locales` (about 350 KB minified), and
 * esbuild cannot drop a namespace that is reachable from `z`. Handoff only uses the English
 * messages, which zod installs on its own, so zod's locale index resolves to a module that
 * re-exports just `en`. `test/unit/bundle.test.ts` keeps the bundle under its size budget.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes('/node_modules/zod/')
        ? { path: join(dirname(args.importer), '../locales/en.js'), namespace: 'zod-english-only' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

/**
 * jsonc-parser's `main` is a UMD build whose requires esbuild cannot follow (the bundle then
 * fails at run time with "Cannot find module './impl/format'"): bundle its ES module build.
 */
export const JSONC_ESM = { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' };

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  alias: JSONC_ESM,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  absWorkingDir: root,
  plugins: [zodEnglishOnly],
};

const targets = [
  {
    ...common,
    entryPoints: ['src/extension/main.ts'],
    outfile: join(outdir, 'extension.js'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: join(outdir, 'cli.js'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    // layout-worker.js: the graph's layout (elkjs) in a Web Worker, loaded by the panel only
    // when its Graph tab is first shown (webview/src/layoutClient.ts).
    entryPoints: { panel: 'webview/src/main.ts', 'panel-style': 'webview/src/style.css', 'layout-worker': 'webview/src/layoutWorker.ts' },
    outdir: join(outdir, 'webview'),
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file' },
  },
];

function copyAssets() {
  // The codicon font and stylesheet are loaded by the webview from dist/webview only
  // (its localResourceRoots), so they are copied beside the bundle.
  const codicons = join(root, 'node_modules/@vscode/codicons/dist');
  mkdirSync(join(outdir, 'webview'), { recursive: true });
  cpSync(join(codicons, 'codicon.css'), join(outdir, 'webview/codicon.css'));
  cpSync(join(codicons, 'codicon.ttf'), join(outdir, 'webview/codicon.ttf'));
}

if (watch) {
  copyAssets();
  const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[handoff] watching for changes…');
} else {
  const started = Date.now();
  await Promise.all(targets.map((t) => esbuild.build(t)));
  copyAssets();
  if (!process.argv.includes('--quiet')) {
    console.log(`[handoff] built ${targets.length} bundles in ${Date.now() - started} ms${production ? ' (production)' : ''}`);
  }
}
