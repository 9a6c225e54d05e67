/**
 * A standalone page of the trace panel's webview bundle, for screenshots and the benchmark:
 * served over HTTP from dist/webview with the same CSP as in VS Code, a fake
 * `acquireVsCodeApi` (posts land in `window.__posted`) and a set of VS Code theme variables.
 */
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = join(repo, 'dist/webview');

export const THEMES: Record<string, { cls: string; vars: Record<string, string> }> = {
  dark: {
    cls: 'vscode-dark',
    vars: {
      'font-family': 'system-ui, sans-serif', 'font-size': '13px', 'editor-font-family': 'monospace', 'editor-font-size': '12px',
      foreground: '#cccccc', 'descriptionForeground': '#9d9d9d', 'disabledForeground': '#6b6b6b', 'editor-background': '#1f1f1f', 'panel-background': '#181818',
      'panel-border': '#2b2b2b', 'focusBorder': '#0078d4', 'list-hoverBackground': '#2a2d2e', 'list-activeSelectionBackground': '#04395e',
      'list-activeSelectionForeground': '#ffffff', 'list-inactiveSelectionBackground': '#37373d', 'badge-background': '#616161', 'badge-foreground': '#f8f8f8',
      'charts-green': '#89d185', 'charts-blue': '#3794ff', 'charts-yellow': '#cca700', 'charts-orange': '#d18616', 'charts-red': '#f14c4c', 'charts-purple': '#b180d7',
      'button-background': '#0078d4', 'button-foreground': '#ffffff', 'button-hoverBackground': '#026ec1', 'button-secondaryBackground': '#313131',
      'button-secondaryForeground': '#cccccc', 'button-secondaryHoverBackground': '#3c3c3c', 'textLink-foreground': '#4daafc', 'textCodeBlock-background': '#2b2b2b',
      'editorWidget-background': '#202020', 'editorWarning-foreground': '#cca700', 'errorForeground': '#f85149', 'editor-findMatchHighlightBackground': '#623315',
      'settings-headerBorder': '#2b2b2b', 'tab-activeForeground': '#ffffff', 'panelTitle-activeForeground': '#e7e7e7', 'panelTitle-activeBorder': '#0078d4',
      'panelTitle-inactiveForeground': '#9d9d9d', 'toolbar-hoverBackground': '#5a5d5e50', 'symbolIcon-propertyForeground': '#9cdcfe', 'debugTokenExpression-string': '#ce9178', 'debugTokenExpression-number': '#b5cea8',
    },
  },
  light: {
    cls: 'vscode-light',
    vars: {
      'font-family': 'system-ui, sans-serif', 'font-size': '13px', 'editor-font-family': 'monospace', 'editor-font-size': '12px',
      foreground: '#3b3b3b', 'descriptionForeground': '#717171', 'disabledForeground': '#8b8b8b', 'editor-background': '#ffffff', 'panel-background': '#f8f8f8',
      'panel-border': '#e5e5e5', 'focusBorder': '#005fb8', 'list-hoverBackground': '#f2f2f2', 'list-activeSelectionBackground': '#e8e8e8',
      'list-activeSelectionForeground': '#000000', 'list-inactiveSelectionBackground': '#e4e6f1', 'badge-background': '#cccccc', 'badge-foreground': '#3b3b3b',
      'charts-green': '#388a34', 'charts-blue': '#1a85ff', 'charts-yellow': '#bf8803', 'charts-orange': '#d18616', 'charts-red': '#e51400', 'charts-purple': '#652d90',
      'button-background': '#005fb8', 'button-foreground': '#ffffff', 'button-hoverBackground': '#0258a8', 'button-secondaryBackground': '#e5e5e5',
      'button-secondaryForeground': '#3b3b3b', 'button-secondaryHoverBackground': '#cccccc', 'textLink-foreground': '#005fb8', 'textCodeBlock-background': '#f2f2f2',
      'editorWidget-background': '#f8f8f8', 'editorWarning-foreground': '#bf8803', 'errorForeground': '#f85149', 'editor-findMatchHighlightBackground': '#ea5c0055',
      'settings-headerBorder': '#e5e5e5', 'tab-activeForeground': '#3b3b3b', 'panelTitle-activeForeground': '#3b3b3b', 'panelTitle-activeBorder': '#005fb8',
      'panelTitle-inactiveForeground': '#717171', 'toolbar-hoverBackground': '#b8b8b850', 'symbolIcon-propertyForeground': '#001080', 'debugTokenExpression-string': '#a31515', 'debugTokenExpression-number': '#098658',
    },
  },
};

function page(origin: string, theme: string): string {
  const t = THEMES[theme]!;
  const nonce = 'harness' + Math.random().toString(36).slice(2);
  const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${origin}; font-src ${origin}; img-src ${origin}`;
  // The theme variables go in a stylesheet from the origin (the CSP forbids inline styles).
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="stylesheet" href="${origin}/theme-${theme}.css">
<link rel="stylesheet" href="${origin}/codicon.css" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${origin}/panel-style.css">
</head><body class="${t.cls}" data-mode="live"><div id="root"></div>
<script nonce="${nonce}" src="${origin}/fake-api.js"></script>
<script nonce="${nonce}" src="${origin}/panel.js"></script></body></html>`;
}

const FAKE_API = `window.__name = (f) => f; window.__posted = []; window.__state = undefined; window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber));
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__posted.push(m),
  getState: () => window.__state,
  setState: (s) => { window.__state = s; },
});`;

export async function startServer(): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const name = url.pathname.slice(1);
    const send = (body: string | Buffer, type: string): void => {
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    };
    const theme = /^theme-(\w+)\.css$/.exec(name);
    if (theme && THEMES[theme[1]!]) {
      const vars = Object.entries(THEMES[theme[1]!]!.vars).map(([k, v]) => `--vscode-${k}: ${v};`).join(' ');
      return send(`html { ${vars} }`, 'text/css');
    }
    if (name.startsWith('page-')) return send(page(origin, name.slice(5).replace('.html', '')), 'text/html');
    if (name === 'fake-api.js') return send(FAKE_API, 'text/javascript');
    if (/^[\w.-]+$/.test(name)) {
      try {
        const type = name.endsWith('.js') ? 'text/javascript' : name.endsWith('.css') ? 'text/css' : name.endsWith('.ttf') ? 'font/ttf' : 'application/octet-stream';
        return send(readFileSync(join(dist, name)), type);
      } catch {
        // fall through
      }
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const origin = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return { origin, server };
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export async function openPanel(browser: Browser, origin: string, theme = 'dark', size = { width: 1280, height: 720 }): Promise<Page> {
  const p = await browser.newPage({ viewport: size });
  p.on('pageerror', (e) => console.error('[page error]', e.message));
  p.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') console.error('[console]', m.text());
  });
  await p.goto(`${origin}/page-${theme}.html`);
  await p.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  return p;
}

/** Posts messages to the webview as the extension would. */
export async function send(p: Page, msgs: unknown[]): Promise<void> {
  await p.evaluate((ms) => {
    for (const m of ms) window.postMessage(m, '*');
  }, msgs);
}
