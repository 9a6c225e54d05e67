// Builds the test-only extension into `outDir` (never into the repo's dist): a bundle of
// src/extension.ts plus every tests/*.test.ts, and package.json beside it. With
// `desktop: true` the bundle is the `@vscode/test-electron` entry (src/desktop.ts) instead.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export function testFiles() {
  return readdirSync(join(here, 'tests'))
    .filter((f) => /\.test\.(ts|js)$/.test(f))
    .sort();
}

export async function buildSuite(outDir, { desktop = false } = {}) {
  const files = testFiles();
  if (files.length === 0) throw new Error(`no tests in ${join(here, 'tests')}`);
  const entry = desktop ? './src/desktop' : './src/extension';
  const contents = [...files.map((f) => `import './tests/${f}';`), `export * from '${entry}';`].join('\n');
  mkdirSync(join(outDir, 'dist'), { recursive: true });
  await esbuild.build({
    stdin: { contents, resolveDir: here, sourcefile: 'suite-entry.ts', loader: 'ts' },
    bundle: true,
    alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' }, // as scripts/build.mjs: its UMD main does not bundle
    outfile: join(outDir, 'dist', desktop ? 'desktop.js' : 'extension.js'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  cpSync(join(here, 'package.json'), join(outDir, 'package.json'));
  return { outDir, files };
}
