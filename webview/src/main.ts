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
import { runStatusAnnouncement } from './a11y';
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
  /**
   * A trace is on its way and not all there yet: from the first paint of a trace file's tab
   * (its body says data-mode="file") until its text has come, and from a reset until the
   * trace it starts has come (or, for a live run, its first span). Shown as "Loading …", never
   * as "No run yet".
   */
  private loading = document.body.dataset['mode'] === 'file';
  /** A trace was sent (a reset came): what the panel shows is that trace, even while it has no span. */
  private hasTrace = false;
  /** What is loading: the file's name (init), then the trace's title (reset). */
  private loadingName: string | undefined;
  /** Times (ms since the epoch) of the webview's first steps, for measuring how long a trace takes to show. */
  readonly timing: Record<string, number> = { script: performance.timeOrigin + performance.now() };
  /** What the panel has shown, each change once, in order (`spans` once it shows a run): read by the tests. */
  readonly states: string[] = [];
  /** The line number of the next record text received (a file's chunks are numbered on). */
  private nextLine = 1;

  readonly tree = new TraceTree(this);
  readonly details = new Details(this);
  readonly graph = new GraphView(this);
  readonly history = new HistoryView(this);
  private readonly titleEl = h('h1', { class: 'title' });
  private readonly statusEl = h('span', { class: 'run-status' });
  /**
   * A live run's status changes, said once each by screen readers (`run started`, `run
   * ended: ok`). Not the chip above, nor the totals, which are redrawn every frame of a run.
   */
  private readonly announceEl = h('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  /** What `announceEl` last said, and whether this trace's run was live when it came. */
  private announced = '';
  private announceRun = false;
  /** A request that failed (Rerun from here, for one), or the trace's problems, said in the header whatever the tab. */
  private readonly noticeEl = h('div', { class: 'notice', id: 'notice', role: 'alert', hidden: true });
  /** What the notice shows, and where the focus goes back to when it closes. */
  private noticeFor: 'problems' | 'error' | undefined;
  private noticeReturn: HTMLElement | undefined;
  private readonly totalsEl = h('div', { class: 'totals', role: 'group', 'aria-label': 'Run totals' });
  /** The totals' chips by name, kept from draw to draw (only their values change). */
  private readonly totalChips = new Map<string, { el: HTMLElement; value: HTMLElement }>();
  /** Shows the trace's problems under the header (a toggle); one element, so it keeps the focus while the run draws. */
  private readonly problemsEl = h('button', { class: 'total total-button', type: 'button', title: 'What the trace holds that does not fit: show the list', 'aria-expanded': 'false', 'aria-controls': 'notice' },
    h('span', { class: 'total-name' }, 'Problems'), ' ', h('span', { class: 'total-value' }));
  /** The tab headers, in order. */
  private readonly headers: HTMLElement[] = [];
  /** Set by a selection made from another tab: the tree takes the focus once it is drawn. */
  private focusTreeOnDraw = false;
  /** The header's way to another recorded run, shown with a trace (the empty state has its own link). */
  private readonly openRecordedEl = h('button', { class: 'icon-btn', type: 'button', title: 'Open a Recorded Run…', 'aria-label': 'Open a Recorded Run…' }, icon('history'));
  private readonly tabs: HTMLElement;
  private readonly emptyEl = h('div', { class: 'empty-state' },
    h('p', {}, icon('pulse'), ' No run yet.'),
    h('p', { class: 'muted' }, 'Run a workflow, or open a recorded *.trace.jsonl file, to see its spans here.'),
    h('p', {}, openRecordedButton()));
  /** Said while a trace loads (`loading`), in place of the empty state. */
  private readonly loadingText = h('span', {});
  private readonly loadingEl = h('div', { class: 'empty-state loading-state', role: 'status' },
    h('p', {}, icon('loading'), ' ', this.loadingText));
  /** A trace that has come whole and holds no span (an empty file, or one whose lines are all damaged). */
  private readonly noSpansEl = h('div', { class: 'empty-state' },
    h('p', {}, icon('info'), ' This trace holds no spans.'),
    h('p', {}, openRecordedButton()));

  constructor(root: HTMLElement) {
    const traceTab = h('div', { class: 'trace-tab' }, this.tree.el, this.details.el);
    const graphTab = h('div', { class: 'graph-tab' }, this.graph.el);
    this.tabs = ce('vscode-tabs', { panel: true, 'selected-index': this.ui.tab });
    const panels = [traceTab, graphTab, this.history.el, this.history.reliabilityEl];
    TABS.forEach((name, i) => {
      const header = ce('vscode-tab-header', { slot: 'header', id: `tab-${i}` }, name);
      this.headers.push(header);
      this.tabs.append(header);
      this.tabs.append(ce('vscode-tab-panel', { class: 'tab-panel', 'aria-labelledby': `tab-${i}` }, panels[i]));
    });
    this.syncTabHeaders();
    this.tabs.addEventListener('vsc-tabs-select', (e) => {
      this.ui.tab = (e as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex;
      this.saveUi();
      this.syncTabHeaders();
      this.onTab();
    });
    // vscode-tabs 2.5.1 (the newest) moves between its tabs with Left and Right and opens
    // one with Enter only, leaves the focused tab as the tab stop when the focus leaves, and
    // says aria-selected="false" only of a tab that was open once: its keys are handled here
    // (before its own handler, in the capture phase) and the headers' attributes kept right.
    this.tabs.addEventListener('keydown', (e) => this.onTabKey(e), { capture: true });
    this.tabs.addEventListener('focusout', (e) => {
      if (!this.headers.includes(e.relatedTarget as HTMLElement)) this.syncTabHeaders();
    });
    this.openRecordedEl.addEventListener('click', () => post({ type: 'openRecorded' }));
    this.problemsEl.addEventListener('click', () => {
      if (this.noticeFor === 'problems' && !this.noticeEl.hidden) this.closeNotice();
      else this.showProblems();
    });
    root.addEventListener('keydown', (e) => {
      const target = e.target as Node;
      if (e.key === 'Escape' && !this.noticeEl.hidden && (this.noticeEl.contains(target) || target === this.problemsEl)) {
        e.preventDefault();
        this.closeNotice();
      }
    });
    const header = h('header', { class: 'header' }, this.titleEl, this.statusEl, this.totalsEl, this.openRecordedEl, this.announceEl);
    root.replaceChildren(header, this.noticeEl, this.loadingEl, this.emptyEl, this.noSpansEl, this.tabs);
    // The first paint says what is coming (a trace file's tab loads its file), not "No run yet".
    // Its name, when the page says it (body data-file), or when this tab showed it before (a reload).
    if (this.loading) this.loadingName = document.body.dataset['file'] || this.ui.title;
    this.draw();
  }

  /** Every tab header says whether it is open, and the open one is the tablist's tab stop. */
  private syncTabHeaders(): void {
    this.headers.forEach((header, i) => {
      header.setAttribute('aria-selected', String(i === this.ui.tab));
      header.tabIndex = i === this.ui.tab ? 0 : -1;
    });
  }

  /**
   * The tablist's keys (manual activation): Left and Right move the focus between the tabs
   * (round), Home and End to the first and last, Enter or Space opens the focused one.
   */
  private onTabKey(e: KeyboardEvent): void {
    const i = this.headers.indexOf(e.target as HTMLElement);
    if (i < 0 || e.altKey || e.ctrlKey || e.metaKey) return;
    const n = this.headers.length;
    let to: number;
    switch (e.key) {
      case 'ArrowRight': to = (i + 1) % n; break;
      case 'ArrowLeft': to = (i - 1 + n) % n; break;
      case 'Home': to = 0; break;
      case 'End': to = n - 1; break;
      case 'Enter':
      case ' ':
        e.preventDefault();
        e.stopPropagation();
        if (i !== this.ui.tab) this.setTab(i);
        return;
      default: return;
    }
    e.preventDefault();
    e.stopPropagation();
    this.headers.forEach((header, j) => (header.tabIndex = j === to ? 0 : -1));
    this.headers[to]!.focus();
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

  select(id: string | undefined, opts: { focusDetails?: boolean; reveal?: boolean; focusTree?: boolean } = {}): void {
    this.ui.selected = id;
    this.saveUi();
    if (opts.reveal && id) {
      this.setTab(0);
      this.tree.reveal(id);
    }
    // The tree's row for the span exists (and is its active descendant) once it is drawn.
    if (opts.focusTree) this.focusTreeOnDraw = true;
    this.render();
    if (opts.focusDetails) this.details.focus();
  }

  private setTab(i: number): void {
    this.ui.tab = i;
    this.tabs.setAttribute('selected-index', String(i));
    (this.tabs as HTMLElement & { selectedIndex: number }).selectedIndex = i;
    this.saveUi();
    this.syncTabHeaders();
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
    const loading = !has && this.loading;
    this.loadingEl.hidden = !loading;
    if (loading) {
      const text = this.live ? `Waiting for the first span of ${label(this.loadingName ?? 'the run', 200)}…` : `Loading ${label(this.loadingName ?? 'the trace', 200)}…`;
      if (this.loadingText.textContent !== text) this.loadingText.textContent = text;
    }
    // A trace that came whole without a span is not "no run yet" either.
    this.noSpansEl.hidden = has || loading || !this.hasTrace;
    this.emptyEl.hidden = has || loading || this.hasTrace;
    const state = has ? 'spans' : loading ? (this.loadingText.textContent ?? 'loading') : this.hasTrace ? 'no spans' : 'no run yet';
    if (this.states[this.states.length - 1] !== state) this.states.push(state);
    this.tabs.hidden = !has;
    this.openRecordedEl.hidden = !has;
    this.drawHeader();
    if (!has) return;
    if (this.ui.tab === 0) {
      this.tree.render();
      this.details.render();
      if (this.focusTreeOnDraw) this.tree.focus();
    } else if (this.ui.tab === 1) this.graph.render();
    this.focusTreeOnDraw = false;
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
    const say = runStatusAnnouncement(this.announceRun, state === undefined ? undefined : this.live && !m.runEnd ? 'running' : 'ended', state);
    if (say && say !== this.announced) this.announceEl.textContent = say;
    this.announced = say;
    const t = this.totals();
    if (!t || t.spans === 0) {
      this.setTotals([]);
      return;
    }
    const cost = t.cost === undefined ? '—' : `$${t.cost < 0.01 ? t.cost.toFixed(4) : t.cost.toFixed(2)}`;
    const chips: [name: string, value: string, title: string][] = [
      ['Wall', formatDuration(t.wallMs), 'Wall-clock time of the run'],
      ['Critical path', formatDuration(t.criticalMs), `The chain of spans that set the run's length (${t.criticalPath.length} spans, outlined in the timeline)`],
      t.tokens
        ? ['Tokens', `${t.tokens.input.toLocaleString('en-US')} in / ${t.tokens.output.toLocaleString('en-US')} out`, t.callsWithUsage === t.llmCalls ? 'Input and output tokens over all model calls' : `Input and output tokens of the ${t.callsWithUsage} of ${t.llmCalls} model calls that reported usage`]
        : ['Tokens', '—', t.llmCalls ? 'No model call reported token usage (the scripted provider never does)' : 'No model calls'],
      ['Cost', cost, !t.tokens ? 'No token usage to price' : t.unpriced.length ? `No price in handoff.prices for: ${t.unpriced.map((u) => label(u, 60)).join(', ')}` : 'From the handoff.prices setting'],
      ['Model calls', String(t.llmCalls), 'Model calls, retries and revisions included'],
      ['Violations', String(t.violations), 'Contract violations'],
      ['Spans', t.spans.toLocaleString('en-US'), 'Spans in this trace'],
    ];
    const skipped = this.model.skippedLines;
    if (skipped) chips.push(['Skipped lines', String(skipped), 'Lines of the file that are not trace records (a torn last line, for example): the Problems list says which and why']);
    this.setTotals(chips);
  }

  /**
   * The header's totals: each chip's element is kept and only its text changes, and the
   * chips are put in again only when which ones are shown changes, so nothing in the header
   * is replaced four times a second during a run (the Problems chip keeps the focus).
   */
  private setTotals(chips: [name: string, value: string, title: string][]): void {
    const els: HTMLElement[] = chips.map(([name, value, title]) => {
      let chip = this.totalChips.get(name);
      if (!chip) {
        const valueEl = h('span', { class: 'total-value' });
        chip = { el: h('span', { class: 'total' }, h('span', { class: 'total-name' }, name), ' ', valueEl), value: valueEl };
        this.totalChips.set(name, chip);
      }
      if (chip.value.textContent !== value) chip.value.textContent = value;
      if (chip.el.title !== title) chip.el.title = title;
      return chip.el;
    });
    const problems = chips.length ? this.model.problems.length : 0;
    if (problems) {
      const value = this.problemsEl.querySelector('.total-value')!;
      if (value.textContent !== String(problems)) value.textContent = String(problems);
      els.push(this.problemsEl);
    }
    if (!problems && this.noticeFor === 'problems') this.closeNotice();
    const shown = Array.from(this.totalsEl.children);
    if (shown.length === els.length && shown.every((el, i) => el === els[i])) return;
    const focused = document.hasFocus() && document.activeElement === this.problemsEl;
    this.totalsEl.replaceChildren(...els);
    if (focused && this.problemsEl.isConnected) this.problemsEl.focus();
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
    this.noticeEl.classList.add('warning');
    this.noticeEl.replaceChildren(icon('warning'), h('div', { class: 'problems' }, h('strong', {}, `${problems.length} problem${problems.length === 1 ? '' : 's'} with this trace`), list), this.dismissButton());
    this.openNotice('problems');
  }

  private dismissButton(): HTMLElement {
    const close = h('button', { class: 'icon-btn', type: 'button', title: 'Dismiss (Escape)', 'aria-label': 'Dismiss' }, icon('close'));
    close.addEventListener('click', () => this.closeNotice());
    return close;
  }

  private openNotice(kind: 'problems' | 'error'): void {
    const active = document.activeElement;
    if (kind === 'error' && active instanceof HTMLElement && active !== document.body && !this.noticeEl.contains(active)) this.noticeReturn = active;
    this.noticeFor = kind;
    this.problemsEl.setAttribute('aria-expanded', String(kind === 'problems'));
    // A failed request is news, said at once; the problems were asked for (the chip says how
    // many): a region to read, not an alert that reads out the whole list.
    if (kind === 'error') {
      this.noticeEl.setAttribute('role', 'alert');
      this.noticeEl.removeAttribute('aria-label');
    } else {
      this.noticeEl.setAttribute('role', 'region');
      this.noticeEl.setAttribute('aria-label', 'Problems with this trace');
    }
    this.noticeEl.hidden = false;
  }

  /**
   * Hides the notice. The focus, if it was in the notice (or on the chip that opened it),
   * goes back to where the notice came from: the Problems chip, or the control whose request
   * failed, else the tree, so it never falls out of the panel.
   */
  private closeNotice(): void {
    const active = document.activeElement;
    const hadFocus = document.hasFocus() && active !== null && (this.noticeEl.contains(active) || active === this.problemsEl);
    const back = this.noticeFor === 'problems' ? this.problemsEl : this.noticeReturn;
    this.noticeEl.hidden = true;
    this.noticeFor = undefined;
    this.noticeReturn = undefined;
    this.problemsEl.setAttribute('aria-expanded', 'false');
    if (!hadFocus) return;
    if (back?.isConnected && back.getClientRects().length) back.focus();
    else if (this.ui.tab === 0) this.tree.focus();
    else this.headers[this.ui.tab]?.focus();
  }

  onMessage(msg: ToWebview): void {
    switch (msg.type) {
      case 'init':
        this.timing['init'] ??= performance.timeOrigin + performance.now();
        if (msg.file !== undefined && this.loading && this.loadingName === undefined) this.loadingName = msg.file;
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
        this.timing['reset'] ??= performance.timeOrigin + performance.now();
        this.received = 0;
        this.nextLine = 1;
        this.loading = true;
        this.hasTrace = true;
        this.loadingName = msg.title;
        if (!same) {
          this.ui = { tab: this.ui.tab, collapsed: [], source: msg.source, title: msg.title, compare: [] };
          this.saveUi();
          this.tree.reset();
        }
        this.announceRun = msg.live;
        this.announced = '';
        this.announceEl.textContent = '';
        if (this.noticeFor === 'problems') this.closeNotice();
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
        if (msg.done) this.loaded();
        else if (this.live && msg.records.length) this.loading = false;
        // A trace sent in chunks is drawn once it is complete; a live run as it comes
        // (at most once a frame).
        if (msg.done || this.live || msg.done === undefined) this.render();
        return;
      case 'recordsText': {
        this.timing['text'] ??= performance.timeOrigin + performance.now();
        const parsed = parseTraceText(msg.text, this.nextLine);
        // A last line cut short before is complete now (the text goes on from it), or still is.
        this.model.cutShortLine = undefined;
        for (const b of parsed.bad) this.model.skipLine(b.line, b.reason);
        this.model.apply(parsed.records, parsed.lines);
        this.received += parsed.records.length;
        this.nextLine = parsed.nextLine;
        if (parsed.cutShortLine !== undefined) this.model.cutShortLine = parsed.cutShortLine;
        else if (msg.cutShort) this.model.cutShortLine = this.nextLine;
        if (msg.done) {
          this.loaded();
          const skipped = this.model.skippedLines;
          if (skipped) log('warn', `${skipped} line(s) of the trace are not trace records and were skipped`);
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

  /** The whole trace has come: it is drawn (or said to hold no spans), no longer loading. */
  private loaded(): void {
    this.loading = false;
    document.body.dataset['loaded'] = String(this.received);
    this.timing['loaded'] ??= performance.timeOrigin + performance.now();
    requestAnimationFrame(() => {
      this.timing['drawn'] ??= performance.timeOrigin + performance.now();
    });
  }

  private notify(message: string): void {
    this.noticeEl.classList.remove('warning');
    this.noticeEl.replaceChildren(icon('error'), h('span', {}, ` ${message}`), this.dismissButton());
    this.openNotice('error');
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
    app.timing['ready'] = performance.timeOrigin + performance.now();
    post({ type: 'ready' });
  } catch (err) {
    log('error', `the trace panel failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    root.textContent = 'The trace panel failed to start. See the Handoff log.';
  }
}
