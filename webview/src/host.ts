/**
 * The webview's end of the protocol: typed posts to the extension, requests that wait for a
 * reply by `messageId`, and every received message validated with zod before use.
 */
import { type FromWebview, type ToWebview, parseToWebview } from '../../src/shared/protocol';

export interface UiState {
  tab: number;
  selected?: string;
  collapsed: string[];
  view?: { t0: number; t1: number };
  source?: string;
  title?: string;
  compare?: string[];
}

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api: VsCodeApi = acquireVsCodeApi();
let nextId = 1;
/** The requests waiting for a reply, by messageId: a failed reply is shown where its request came from. */
const waiting = new Map<number, FromWebview['type']>();

export function post(msg: FromWebview): void {
  if ('messageId' in msg) waiting.set(msg.messageId, msg.type);
  api.postMessage(msg);
}

/** The kind of request a reply answers (once; undefined when unknown). */
export function answered(messageId: number): FromWebview['type'] | undefined {
  const type = waiting.get(messageId);
  waiting.delete(messageId);
  return type;
}

export function newMessageId(): number {
  return nextId++;
}

export function log(level: 'info' | 'warn' | 'error', message: string): void {
  post({ type: 'log', level, message: message.slice(0, 10_000) });
}

export function loadState(): UiState {
  const s = api.getState() as Partial<UiState> | undefined;
  return {
    tab: typeof s?.tab === 'number' ? s.tab : 0,
    selected: typeof s?.selected === 'string' ? s.selected : undefined,
    collapsed: Array.isArray(s?.collapsed) ? s.collapsed.filter((x): x is string => typeof x === 'string') : [],
    view: s?.view && typeof s.view.t0 === 'number' && typeof s.view.t1 === 'number' ? s.view : undefined,
    source: typeof s?.source === 'string' ? s.source : undefined,
    title: typeof s?.title === 'string' ? s.title : undefined,
    compare: Array.isArray(s?.compare) ? s.compare.filter((x): x is string => typeof x === 'string').slice(0, 2) : [],
  };
}

export function saveState(s: UiState): void {
  api.setState(s);
}

/** Listens for messages from the extension; invalid ones are logged and dropped. */
export function onMessage(handler: (msg: ToWebview) => void): void {
  window.addEventListener('message', (ev: MessageEvent<unknown>) => {
    const parsed = parseToWebview(ev.data);
    if (!parsed.ok) {
      log('warn', `dropped ${parsed.error}`);
      return;
    }
    handler(parsed.msg);
  });
}
