// ESLint with typescript-eslint. The layer rule is the project's first invariant:
// nothing under src/core imports `vscode`, and only the OpenAI provider imports `openai`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench/**', 'test-results/**', '.vscode-test/**', 'out/**', 'examples/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-new-func': 'error',
      'no-eval': 'error',
      'no-implied-eval': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'vscode', message: 'src/core must run without VS Code: move this to src/extension.' },
          { name: 'openai', message: 'Only src/core/providers/openai.ts imports the openai SDK.' },
        ],
      }],
    },
  },
  {
    files: ['src/core/providers/openai.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/core must run without VS Code.' }] }],
    },
  },
  {
    files: ['webview/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'The webview cannot import vscode.' }] }],
      'no-restricted-properties': ['error',
        { property: 'innerHTML', message: 'Render model output as text (textContent), never as HTML.' },
        { property: 'outerHTML', message: 'Render model output as text, never as HTML.' },
        { property: 'insertAdjacentHTML', message: 'Render model output as text, never as HTML.' }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
);
