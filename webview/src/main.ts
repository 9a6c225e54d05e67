/**
 * The trace panel UI: header with totals, tabs (trace tree and timeline, graph, history,
 * reliability) and the details of the selected span. Fed by validated messages from the
 * extension; UI state survives the webview being hidden through getState/setState.
 */
import './zodConfig';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import type { ToWebview } from '../../src/shared/protocol';
import { type App } from './app';
import { type NodeState, type PriceTable, type SpanNode, type Totals, TraceModel, computeTotals, criticalPath, formatDuration, parseTraceText, spanState, STATE_LABEL } from './core';
import { Details } from './details';
import { ce, h, icon, label } from './dom';
import { GraphView } from './graph';
import { HistoryView } from './history';
import { answered, loadState, log, onMessage, post, saveState } from './host';
import { TraceTree } from './tree';

const TABS = ['Trace', 'Graph', 'History', 'Reliability'] as const;

/** Opens a recorded run (Open Trace…: the runs, newest first, or any trace file). */
function openRecordedButton(): HTMLElement {
  const b = h('button', { class: 'link', type: 'button' }, icon('history'), ' Open a Recorded Run…');
  b.addEventListener('click', () => post({ type: 'openRecorded' }));
  return b;
}

class PanelApp implements App {
  model = new TraceModel();
  ui = loadState();
  live = false;
  prices: PriceTable = {};
  plan: App['plan'];
  rerun = { enabled: false, reason: 'Rerun from here is not available.' };
  private stateCache = new Map<SpanNode, NodeState>();
  private stateVersion = -1;
  private critCache: { version: number; at?: number; ids: ReadonlySet<string> } = { version: -1, ids: new Set() };
  private totalsCache: { version: number; at?: number; totals: Totals | undefined } = { version: -1, totals: undefined };
  private frame = 0;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private received = 0;
  private badLines = 0;
  /** The line number of the next record text received (a file's chunks are numbered on). */
  private nextLine = 1;

  readonly tree = new TraceTree(this);
  readonly details = new Details(this);
  readonly graph = new GraphView(this);
  readonly history = new HistoryView(this);
  private readonly titleEl = h('h1', { class: 'title' });
  private readonly statusEl = h('span', { class: 'run-status' });
  /** A request that failed (Rerun from here, for one), said in the header whatever the tab. */
  private readonly noticeEl = h('div', { class: 'notice', role: 'alert', hidden: true });
  private readonly totalsEl = h('div', { class: 'totals', role: 'status', 'aria-live': 'polite' });
  /** The header's way to another recorded run, shown with a trace (the empty state has its own link). */
  private readonly openRecordedEl = h('button', { class: 'icon-btn', type: 'button', title: 'Open a Recorded Run…', 'aria-label': 'Open a Recorded Run…' }, icon('history'));
  private readonly tabs: HTMLElement;
  private readonly emptyEl = h('div', { class: 'empty-state' },
    h('p', {}, icon('pulse'), ' No run yet.'),
    h('p', { class: 'muted' }, 'Run a workflow, or open a recorded *.trace.jsonl file, to see its spans here.'),
    h('p', {}, openRecordedButton()));

  constructor(root: HTMLElement) {
    const traceTab = h('div', { class: 'trace-tab' }, this.tree.el, this.details.el);
    const graphTab = h('div', { class: 'graph-tab' }, this.graph.el);
    this.tabs = ce('vscode-tabs', { panel: true, 'selected-index': this.ui.tab });
    const panels = [traceTab, graphTab, this.history.el, this.history.reliabilityEl];
    TABS.forEach((name, i) => {
      this.tabs.append(ce('vscode-tab-header', { slot: 'header', id: `tab-${i}` }, name));
      this.tabs.append(ce('vscode-tab-panel', { class: 'tab-panel', 'aria-labelledby': `tab-${i}` }, panels[i]));
    });
    this.tabs.addEventListener('vsc-tabs-select', (e) => {
      this.ui.tab = (e as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex;
      this.saveUi();
      this.onTab();
    });
    this.openRecordedEl.addEventListener('click', () => post({ type: 'openRecorded' }));
    const header = h('header', { class: 'header' }, this.titleEl, this.statusEl, this.totalsEl, this.openRecordedEl);
    root.replaceChildren(header, this.noticeEl, this.emptyEl, this.tabs);
    this.render();
  }

  /** Where a span that has not ended ends for now: the clock while the run is live, else the trace's last time. */
  now(): number {
    if (this.live && !this.model.runEnd) return Date.now();
    return Number.isFinite(this.model.maxEnd) ? this.model.maxEnd : Date.now();
  }

  stateOf(node: SpanNode): NodeState {
    if (this.stateVersion !== this.model.version) {
      this.stateCache.clear();
      this.stateVersion = this.model.version;
    }
    let s = this.stateCache.get(node);
    if (!s) {
      s = this.settled(spanState(node));
      this.stateCache.set(node, s);
    }
    return s;
  }

  /** A span still `running` in a run that is over (not live, or ended) did not end: it is shown so, not spinning. */
  settled(state: NodeState): NodeState {
    return state === 'running' && (!this.live || this.model.runEnd) ? 'unfinished' : state;
  }

  /**
   * Whether a whole-trace figure (totals, critical path) computed at `version` may be reused:
   * while a run is live they are refreshed at most twice a second, so a fast feed of a big
   * trace does not recompute them every frame.
   */
  private fresh(cache: { version: number; at?: number }): boolean {
    if (cache.version === this.model.version) return true;
    if (this.live && cache.version >= 0 && cache.at !== undefined && performance.now() - cache.at < 500) return true;
    return false;
  }

  critical(): ReadonlySet<string> {
    if (!this.fresh(this.critCache)) {
      this.critCache = { version: this.model.version, at: performance.now(), ids: new Set(criticalPath(this.model, this.live ? this.now() : undefined).ids) };
    }
    return this.critCache.ids;
  }

  private totals(): Totals | undefined {
    if (!this.fresh(this.totalsCache)) {
      this.totalsCache = { version: this.model.version, at: performance.now(), totals: computeTotals(this.model, this.prices, this.live ? this.now() : undefined) };
    }
    return this.totalsCache.totals;
  }

  select(id: string | undefined, opts: { focusDetails?: boolean; reveal?: boolean } = {}): void {
    this.ui.selected = id;
    this.saveUi();
    if (opts.reveal && id) {
      this.setTab(0);
      this.tree.reveal(id);
    }
    this.render();
    if (opts.focusDetails) this.details.focus();
  }

  private setTab(i: number): void {
    this.ui.tab = i;
    this.tabs.setAttribute('selected-index', String(i));
    (this.tabs as HTMLElement & { selectedIndex: number }).selectedIndex = i;
    this.saveUi();
    this.onTab();
  }

  private onTab(): void {
    if (this.ui.tab === 2 || this.ui.tab === 3) this.history.request();
    this.render();
  }

  saveUi(): void {
    saveState(this.ui);
  }

  render(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private draw(): void {
    const has = this.model.spans.size > 0 || this.model.run !== undefined;
    this.emptyEl.hidden = has;
    this.tabs.hidden = !has;
    this.openRecordedEl.hidden = !has;
    this.drawHeader();
    if (!has) return;
    if (this.ui.tab === 0) {
      this.tree.render();
      this.details.render();
    } else if (this.ui.tab === 1) this.graph.render();
  }

  private drawHeader(): void {
    const m = this.model;
    const root = m.roots[0];
    const state: NodeState | undefined = m.runEnd
      ? m.runEnd.status === 'ok' ? (root ? this.stateOf(root) : 'ok') : m.runEnd.status === 'error' ? 'failed' : 'cancelled'
      : root ? (this.live ? 'running' : this.stateOf(root)) : undefined;
    this.statusEl.replaceChildren();
    if (state) {
      this.statusEl.className = `run-status state-chip st-${state}`;
      this.statusEl.append(icon(state === 'running' ? 'loading' : 'circle-filled'), ' ', m.runEnd || !this.live ? STATE_LABEL[state] : 'running');
    }
    const t = this.totals();
    if (!t || t.spans === 0) {
      this.totalsEl.replaceChildren();
      return;
    }
    const chip = (name: string, value: string, title: string): HTMLElement => h('span', { class: 'total', title }, h('span', { class: 'total-name' }, name), ' ', h('span', { class: 'total-value' }, value));
    const cost = t.cost === undefined ? '—' : `$${t.cost < 0.01 ? t.cost.toFixed(4) : t.cost.toFixed(2)}`;
    this.totalsEl.replaceChildren(
      chip('Wall', formatDuration(t.wallMs), 'Wall-clock time of the run'),
      chip('Critical path', formatDuration(t.criticalMs), `The chain of spans that set the run's length (${t.criticalPath.length} spans, outlined in the timeline)`),
      t.tokens
        ? chip('Tokens', `${t.tokens.input.toLocaleString('en-US')} in / ${t.tokens.output.toLocaleString('en-US')} out`, t.callsWithUsage === t.llmCalls ? 'Input and output tokens over all model calls' : `Input and output tokens of the ${t.callsWithUsage} of ${t.llmCalls} model calls that reported usage`)
        : chip('Tokens', '—', t.llmCalls ? 'No model call reported token usage (the scripted provider never does)' : 'No model calls'),
      chip('Cost', cost, !t.tokens ? 'No token usage to price' : t.unpriced.length ? `No price in handoff.prices for: ${t.unpriced.map((u) => label(u, 60)).join(', ')}` : 'From the handoff.prices setting'),
      chip('Model calls', String(t.llmCalls), 'Model calls, retries and revisions included'),
      chip('Violations', String(t.violations), 'Contract violations'),
      chip('Spans', t.spans.toLocaleString('en-US'), 'Spans in this trace'),
    );
    if (this.badLines) this.totalsEl.append(chip('Skipped lines', String(this.badLines), 'Lines of the file that are not trace records (a torn last line, for example)'));
    const problems = this.model.problems;
    if (problems.length) {
      const button = h('button', { class: 'total total-button', type: 'button', title: 'What the trace holds that does not fit: show the list' }, h('span', { class: 'total-name' }, 'Problems'), ' ', h('span', { class: 'total-value' }, String(problems.length)));
      button.addEventListener('click', () => this.showProblems());
      this.totalsEl.append(button);
    }
  }

  /** The model's problems with the trace, listed under the header; one with a span selects it. */
  private showProblems(): void {
    const problems = this.model.problems;
    const MAX = 100;
    const list = h('ul', { class: 'problem-list' });
    for (const p of problems.slice(0, MAX)) {
      const text = `${p.line !== undefined ? `line ${p.line}: ` : ''}${label(p.message, 300)}`;
      const item = h('li', {});
      if (p.spanId !== undefined && this.model.spans.has(p.spanId)) {
        const link = h('a', { href: '#', title: 'Select this span' }, text);
        const id = p.spanId;
        link.addEventListener('click', (e) => {
          e.preventDefault();
          this.select(id, { reveal: true });
        });
        item.append(link);
      } else item.append(text);
      list.append(item);
    }
    if (problems.length > MAX) list.append(h('li', {}, `and ${problems.length - MAX} more`));
    const close = h('button', { class: 'icon-btn', type: 'button', title: 'Dismiss', 'aria-label': 'Dismiss' }, icon('close'));
    close.addEventListener('click', () => {
      this.noticeEl.hidden = true;
    });
    this.noticeEl.classList.add('warning');
    this.noticeEl.replaceChildren(icon('warning'), h('div', { class: 'problems' }, h('strong', {}, `${problems.length} problem${problems.length === 1 ? '' : 's'} with this trace`), list), close);
    this.noticeEl.hidden = false;
  }

  onMessage(msg: ToWebview): void {
    switch (msg.type) {
      case 'init':
        this.prices = msg.prices;
        this.rerun = msg.rerun;
        document.body.dataset['mode'] = msg.mode;
        this.totalsCache.version = -1;
        this.render();
        return;
      case 'reset': {
        const same = this.ui.source === msg.source && this.ui.title === msg.title;
        this.model = new TraceModel();
        this.live = msg.live;
        this.plan = msg.plan;
        this.received = 0;
        this.badLines = 0;
        this.nextLine = 1;
        if (!same) {
          this.ui = { tab: this.ui.tab, collapsed: [], source: msg.source, title: msg.title, compare: [] };
          this.saveUi();
          this.tree.reset();
        }
        this.titleEl.textContent = label(msg.title, 200);
        this.titleEl.title = label(msg.title, 1000);
        this.history.reset();
        if (this.ui.tab >= 2) this.history.request();
        this.setTicker();
        this.render();
        return;
      }
      case 'records':
        this.model.apply(msg.records);
        this.received += msg.records.length;
        if (this.model.runEnd) {
          this.live = false;
          this.setTicker();
        }
        if (msg.done) document.body.dataset['loaded'] = String(this.received);
        // A trace sent in chunks is drawn once it is complete; a live run as it comes
        // (at most once a frame).
        if (msg.done || this.live || msg.done === undefined) this.render();
        return;
      case 'recordsText': {
        const parsed = parseTraceText(msg.text, this.nextLine);
        this.nextLine = parsed.nextLine;
        this.model.apply(parsed.records, parsed.lines);
        this.received += parsed.records.length;
        this.badLines += parsed.badCount;
        if (msg.done) {
          document.body.dataset['loaded'] = String(this.received);
          if (this.badLines) log('warn', `${this.badLines} line(s) of the trace are not trace records and were skipped`);
          this.render();
        }
        return;
      }
      case 'history':
        this.history.onHistory(msg);
        return;
      case 'compare':
        this.history.onCompare(msg);
        return;
      case 'reply': {
        if (msg.ok || !msg.message) return;
        const request = answered(msg.inReplyTo);
        // History and comparison say it in their own tab (which waits for the answer); any
        // other request failed where the user clicked, so the header says it.
        if (request === 'requestHistory' || request === 'requestCompare') this.history.onError(msg.message);
        else this.notify(msg.message);
        return;
      }
    }
  }

  private notify(message: string): void {
    const close = h('button', { class: 'icon-btn', type: 'button', title: 'Dismiss', 'aria-label': 'Dismiss' }, icon('close'));
    close.addEventListener('click', () => {
      this.noticeEl.hidden = true;
    });
    this.noticeEl.classList.remove('warning');
    this.noticeEl.replaceChildren(icon('error'), h('span', {}, ` ${message}`), close);
    this.noticeEl.hidden = false;
  }

  /** While a run is live, running spans grow: redraw a few times a second. */
  private setTicker(): void {
    if (this.live && !this.ticker) {
      this.ticker = setInterval(() => {
        this.totalsCache.version = -1;
        this.render();
      }, 250);
    } else if (!this.live && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
  }
}

const root = document.getElementById('root');
if (root) {
  try {
    const app = new PanelApp(root);
    onMessage((msg) => app.onMessage(msg));
    (window as unknown as { handoffPanel?: PanelApp }).handoffPanel = app;
    post({ type: 'ready' });
  } catch (err) {
    log('error', `the trace panel failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    root.textContent = 'The trace panel failed to start. See the Handoff log.';
  }
}
