/**
 * The panel's HTML: a strict CSP (`default-src 'none'`, a fresh script nonce per render,
 * styles and fonts from the webview's own origin only) and the bundle from dist/webview.
 * The graph's layout runs in a Web Worker, which a webview can start only from a blob: URL
 * (not from the extension's files, another origin): the panel fetches layout-worker.js
 * (`connect-src`, the webview's own resources only) and starts it from a blob (`worker-src blob:`).
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

/** Options every panel webview gets: scripts on, command links off, only dist/webview readable. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: [webviewRoot(extensionUri)] };
}

export function newNonce(): string {
  return randomBytes(18).toString('base64url');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource}`,
    `connect-src ${cspSource}`,
    'worker-src blob:',
  ].join('; ');
}

/** `file`: the trace file's name, which a file viewer's first paint says it is loading (HTML-escaped here). */
export function renderHtml(webview: vscode.Webview, extensionUri: vscode.Uri, mode: 'live' | 'file', file?: string): string {
  const root = webviewRoot(extensionUri);
  const asset = (name: string): string => webview.asWebviewUri(vscode.Uri.joinPath(root, name)).toString();
  const nonce = newNonce();
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(webview.cspSource, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('codicon.css')}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${asset('panel-style.css')}">
<title>Handoff Trace</title>
</head>
<body data-mode="${mode}" data-layout-worker="${asset('layout-worker.js')}"${file !== undefined ? ` data-file="${escapeAttribute(file)}"` : ''}>
<div id="root"></div>
<script nonce="${nonce}" src="${asset('panel.js')}"></script>
</body>
</html>`;
}

/** Text safe inside a double-quoted HTML attribute. */
export function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
