/**
 * The span tree with its timeline: one virtualised list whose rows carry the span's name,
 * state, attempt and duration on the left and its waterfall bar on the right. Only the rows
 * in view exist in the DOM (100,000 spans scroll like 100). The timeline zooms (Ctrl+wheel,
 * `+`/`-`, `0` to fit) and pans (Shift+wheel, drag on the axis, `[`/`]`).
 */
import {
  type TimeView,
  type TreeRow,
  attemptsOf,
  barOf,
  durationOf,
  fitView,
  formatDuration,
  isReplayed,
  panBy,
  STATE_LABEL,
  ticks,
  timeToX,
  visibleRows,
  zoomAt,
} from './core';
import { siblingPositions, spanRowName } from './a11y';
import { type App, KIND_ICON, STATE_ICON } from './app';
import { h, icon, label } from './dom';

/** What a row's "replayed" badge means. */
const REPLAYED_TITLE = 'Answered from a recorded run (Replay Run…, or the steps before a Rerun from here), not by a model: not counted again in reliability or violation figures';

export const ROW_HEIGHT = 22;
const NAME_COL = 340;
/** The name column never gets narrower than this (a narrow panel): names, states and durations stay readable. */
const MIN_NAME_COL = 180;
const OVERSCAN = 8;

export class TraceTree {
  readonly el: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly layer: HTMLElement;
  private readonly axis: HTMLElement;
  private rows: TreeRow[] = [];
  /** Each row's aria-posinset and aria-setsize (its place among its siblings). */
  private positions: { pos: Uint32Array; size: Uint32Array } = { pos: new Uint32Array(0), size: new Uint32Array(0) };
  private rowsVersion = -1;
  private rowsCollapsedKey = '';
  private pool: HTMLElement[] = [];
  /**
   * The pool slot the rows layer starts with: the layer's children are the pool rotated by
   * this much, so that their order is the rows' order (what a screen reader reads in).
   */
  private rotation = 0;
  /** What each pooled row last showed (index and everything that affects it). */
  private stamps: string[] = [];
  private view: TimeView | undefined;
  private frame = 0;
  private drag: { x: number; view: TimeView } | undefined;
  /** The name column's width: NAME_COL, or less in a narrow panel so the timeline keeps some room. */
  private nameCol = NAME_COL;
  /** Time of the last render, for the benchmark. */
  lastRenderMs = 0;

  constructor(private readonly app: App) {
    this.axis = h('div', { class: 'axis', title: 'Drag to pan; Ctrl+wheel to zoom' });
    const zoomIn = h('button', { class: 'icon-btn', title: 'Zoom in (+)', 'aria-label': 'Zoom in' }, icon('zoom-in'));
    const zoomOut = h('button', { class: 'icon-btn', title: 'Zoom out (-)', 'aria-label': 'Zoom out' }, icon('zoom-out'));
    const fit = h('button', { class: 'icon-btn', title: 'Fit the whole run (0)', 'aria-label': 'Fit the whole run' }, icon('screen-full'));
    zoomIn.addEventListener('click', () => this.zoom(2));
    zoomOut.addEventListener('click', () => this.zoom(0.5));
    fit.addEventListener('click', () => this.fit());
    const head = h('div', { class: 'tree-head' }, h('div', { class: 'name-col' }, 'Span', h('span', { class: 'spacer' }), zoomIn, zoomOut, fit), this.axis);
    this.spacer = h('div', { class: 'spacer-rows' });
    this.layer = h('div', { class: 'rows-layer' });
    this.scroller = h('div', {
      class: 'tree-scroll',
      role: 'tree',
      tabindex: 0,
      'aria-label': 'Spans: arrow keys move, Left and Right fold, Enter shows details',
    }, this.spacer, this.layer);
    this.el = h('div', { class: 'tree' }, head, this.scroller);
    this.scroller.addEventListener('scroll', () => this.schedule(), { passive: true });
    this.scroller.addEventListener('keydown', (e) => this.onKey(e));
    this.scroller.addEventListener('click', (e) => this.onClick(e));
    this.scroller.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    this.axis.addEventListener('pointerdown', (e) => {
      if (!this.view) return;
      this.drag = { x: e.clientX, view: this.view };
      this.axis.setPointerCapture(e.pointerId);
    });
    this.axis.addEventListener('pointermove', (e) => {
      if (!this.drag) return;
      this.setView(panBy(this.drag.view, this.drag.x - e.clientX, this.extent()));
    });
    this.axis.addEventListener('pointerup', () => (this.drag = undefined));
    new ResizeObserver(() => this.schedule()).observe(this.scroller);
  }

  private extent(): { start: number; end: number } {
    const m = this.app.model;
    if (m.minStart === Infinity) return { start: 0, end: 1 };
    const end = this.app.live && !m.runEnd ? Math.max(m.maxEnd, this.app.now()) : m.maxEnd;
    return { start: m.minStart, end: Math.max(end, m.minStart + 1) };
  }

  private laneWidth(): number {
    return Math.max(50, this.scroller.clientWidth - this.nameCol);
  }

  fit(): void {
    this.view = fitView(this.extent(), this.laneWidth());
    this.app.ui.view = undefined;
    this.app.saveUi();
    this.schedule();
  }

  zoom(factor: number, anchorX?: number): void {
    const v = this.currentView();
    this.setView(zoomAt(v, anchorX ?? v.width / 2, factor, this.extent()));
  }

  private setView(v: TimeView): void {
    this.view = v;
    this.app.ui.view = { t0: v.t0, t1: v.t1 };
    this.app.saveUi();
    this.schedule();
  }

  private currentView(): TimeView {
    const width = this.laneWidth();
    const ext = this.extent();
    const saved = this.app.ui.view;
    if (!this.view && saved) this.view = { t0: saved.t0, t1: saved.t1, width };
    if (!this.view || !this.app.ui.view) {
      // Following the run: the whole extent, growing as it goes.
      this.view = fitView(ext, width);
    }
    return { ...this.view, width };
  }

  /** Forgets the zoom (a new trace). */
  reset(): void {
    this.view = undefined;
    this.rowsVersion = -1;
    this.scroller.scrollTop = 0;
  }

  schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private ensureRows(): void {
    const key = this.app.ui.collapsed.join('\u0000');
    if (this.rowsVersion === this.app.model.version && key === this.rowsCollapsedKey) return;
    this.rows = visibleRows(this.app.model, new Set(this.app.ui.collapsed));
    this.positions = siblingPositions(this.rows.map((r) => r.depth));
    this.rowsVersion = this.app.model.version;
    this.rowsCollapsedKey = key;
  }

  render(): void {
    const t0 = performance.now();
    this.ensureRows();
    this.fitNameColumn();
    // Reads of layout first, then writes, so the frame lays out once.
    const view = this.currentView();
    const top = this.scroller.scrollTop;
    const height = this.scroller.clientHeight || 400;
    this.spacer.style.height = `${this.rows.length * ROW_HEIGHT}px`;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.rows.length, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
    const count = last - first;
    if (this.pool.length < count) {
      // A row element stands for index % pool size, so that while scrolling only the rows
      // coming into view change; growing the pool remaps every row.
      while (this.pool.length < count + OVERSCAN) this.pool.push(this.makeRow());
      this.layer.replaceChildren(...this.pool);
      this.rotation = 0;
      this.stamps.fill('');
    }
    this.rotateTo(first % this.pool.length);
    const crit = this.app.critical();
    const now = this.app.now();
    const selStamp = this.app.ui.selected ?? '';
    const stamp = `${this.app.model.version}|${selStamp}|${this.rowsCollapsedKey}|${view.t0}|${view.t1}|${view.width}|${crit.size}|${this.app.live ? Math.floor(now / 100) : ''}`;
    const size = this.pool.length;
    for (let slot = 0; slot < size; slot++) {
      const el = this.pool[slot]!;
      // The index this slot shows in [first, last), if any.
      const index = first + ((slot - (first % size) + size) % size);
      if (index >= last) {
        if (!el.hidden) el.hidden = true;
        this.stamps[slot] = '';
        continue;
      }
      if (el.hidden) el.hidden = false;
      const key = `${index}|${stamp}`;
      if (this.stamps[slot] === key) continue;
      this.stamps[slot] = key;
      this.fillRow(el, index, view, crit, now);
    }
    this.renderAxis(view);
    const sel = this.app.ui.selected;
    const selIndex = sel ? this.rows.findIndex((r) => r.node.id === sel) : -1;
    if (selIndex >= first && selIndex < last) this.scroller.setAttribute('aria-activedescendant', `row-${selIndex}`);
    else this.scroller.removeAttribute('aria-activedescendant');
    this.lastRenderMs = performance.now() - t0;
  }

  /**
   * Puts the layer's rows in the order of the rows they show: slot `start` (which shows the
   * first row in view) first, the slots after it, then those before it (the rows past the
   * end, hidden, last). Scrolling by a few rows moves a few elements, from one end to the other.
   */
  private rotateTo(start: number): void {
    const size = this.pool.length;
    if (size === 0 || start === this.rotation) return;
    const ahead = (start - this.rotation + size) % size;
    if (ahead <= size / 2) {
      for (let i = 0; i < ahead; i++) this.layer.append(this.layer.firstElementChild!);
    } else {
      for (let i = 0; i < size - ahead; i++) this.layer.prepend(this.layer.lastElementChild!);
    }
    this.rotation = start;
  }

  /**
   * Sizes the name column to the panel: NAME_COL where there is room, down to MIN_NAME_COL
   * in a narrow one (six tenths of it, the rest for the timeline). Set in pixels on the tree,
   * so the header's and the rows' columns line up.
   */
  private fitNameColumn(): void {
    const width = this.scroller.clientWidth;
    if (!width) return;
    const n = Math.round(Math.min(NAME_COL, Math.max(MIN_NAME_COL, width * 0.6)));
    if (n === this.nameCol) return;
    this.nameCol = n;
    this.el.style.setProperty('--name-col', `${n}px`);
  }

  private makeRow(): HTMLElement {
    const twisty = h('span', { class: 'twisty' });
    const stateIcon = h('span', { class: 'codicon state-icon' });
    const kindIcon = h('span', { class: 'codicon kind-icon', 'aria-hidden': 'true' });
    const name = h('span', { class: 'row-name' });
    const attempt = h('span', { class: 'badge attempt' });
    const replayed = h('span', { class: 'badge replayed', title: REPLAYED_TITLE, hidden: true }, 'replayed');
    const dur = h('span', { class: 'row-dur' });
    const bar = h('div', { class: 'bar' });
    const row = h('div', { class: 'row', role: 'treeitem' },
      h('div', { class: 'name-col' }, twisty, stateIcon, kindIcon, name, attempt, replayed, dur),
      h('div', { class: 'lane' }, bar));
    return row;
  }

  private fillRow(el: HTMLElement, index: number, view: TimeView, crit: ReadonlySet<string>, now: number): void {
    const { node, depth } = this.rows[index]!;
    const state = this.app.stateOf(node);
    el.id = `row-${index}`;
    el.dataset['index'] = String(index);
    el.style.transform = `translateY(${index * ROW_HEIGHT}px)`;
    el.setAttribute('aria-level', String(depth + 1));
    el.setAttribute('aria-posinset', String(this.positions.pos[index] ?? 1));
    el.setAttribute('aria-setsize', String(this.positions.size[index] ?? 1));
    const selected = node.id === this.app.ui.selected;
    el.setAttribute('aria-selected', String(selected));
    el.classList.toggle('selected', selected);
    el.classList.toggle('crit', crit.has(node.id));
    const [nameCol, lane] = [el.children[0] as HTMLElement, el.children[1] as HTMLElement];
    const [twisty, stateIcon, kindIcon, name, attempt, replayed, dur] = Array.from(nameCol.children) as HTMLElement[];
    nameCol.style.paddingLeft = `${4 + depth * 14}px`;
    const hasKids = node.children.length > 0;
    const collapsed = this.app.ui.collapsed.includes(node.id);
    if (hasKids) el.setAttribute('aria-expanded', String(!collapsed));
    else el.removeAttribute('aria-expanded');
    twisty!.className = hasKids ? `twisty codicon codicon-chevron-${collapsed ? 'right' : 'down'}` : 'twisty';
    stateIcon!.className = `codicon state-icon codicon-${STATE_ICON[state]} st-${state}${state === 'running' ? ' codicon-modifier-spin' : ''}`;
    stateIcon!.title = STATE_LABEL[state];
    kindIcon!.className = `codicon kind-icon codicon-${KIND_ICON[node.kind] ?? 'circle'}`;
    kindIcon!.title = node.kind;
    name!.textContent = label(node.name);
    name!.title = `${node.kind} ${label(node.name, 500)} — ${STATE_LABEL[state]}`;
    const attempts = node.kind === 'agent' ? attemptsOf(node) : node.kind === 'llm' ? attemptsOf(node) : 0;
    attempt!.hidden = !(node.kind === 'llm' ? attempts > 1 : attempts > 1);
    attempt!.textContent = node.kind === 'llm' ? `#${attempts}` : `×${attempts}`;
    attempt!.title = node.kind === 'llm' ? `attempt ${attempts}` : `${attempts} attempts`;
    dur!.textContent = formatDuration(durationOf(node, node.end === undefined ? now : undefined));
    const fromRecording = isReplayed(node);
    replayed!.hidden = !fromRecording;
    el.classList.toggle('replayed', fromRecording);
    el.setAttribute('aria-label', `${spanRowName(node, state, attempts, name!.textContent)}${fromRecording ? ', replayed' : ''}`);
    const bar = lane!.firstElementChild as HTMLElement;
    const b = barOf(view, node.start, node.end ?? now);
    if (!b) bar.hidden = true;
    else {
      bar.hidden = false;
      bar.className = `bar st-${state}`;
      bar.style.transform = `translateX(${b.x}px)`;
      bar.style.width = `${b.w}px`;
    }
  }

  private axisKey = '';

  private renderAxis(view: TimeView): void {
    const key = `${view.t0}|${view.t1}|${view.width}|${this.app.model.minStart}`;
    if (key === this.axisKey) return;
    this.axisKey = key;
    // Ticks at whole steps from the run's start, labelled with their time from it.
    const base = this.app.model.minStart === Infinity ? view.t0 : this.app.model.minStart;
    const t = ticks(view, Math.max(2, Math.floor(view.width / 90)), base);
    const marks = t.times.map((time) => {
      const m = h('span', { class: 'tick' }, formatDuration(Math.round((time - base) / t.step) * t.step));
      m.style.transform = `translateX(${timeToX(view, time)}px)`;
      return m;
    });
    this.axis.replaceChildren(...marks);
  }

  private indexOfSelected(): number {
    const sel = this.app.ui.selected;
    return sel ? this.rows.findIndex((r) => r.node.id === sel) : -1;
  }

  private selectIndex(i: number): void {
    if (this.rows.length === 0) return;
    const idx = Math.min(Math.max(0, i), this.rows.length - 1);
    this.app.select(this.rows[idx]!.node.id);
    this.scrollTo(idx);
  }

  scrollTo(idx: number): void {
    const top = idx * ROW_HEIGHT;
    const h = this.scroller.clientHeight;
    if (top < this.scroller.scrollTop) this.scroller.scrollTop = top;
    else if (top + ROW_HEIGHT > this.scroller.scrollTop + h) this.scroller.scrollTop = top + ROW_HEIGHT - h;
    this.schedule();
  }

  /** Scrolls the selected span into view, unfolding its ancestors. */
  reveal(id: string): void {
    const node = this.app.model.spans.get(id);
    if (!node) return;
    let changed = false;
    for (let p = node.parentId; p; p = this.app.model.spans.get(p)?.parentId) {
      const i = this.app.ui.collapsed.indexOf(p);
      if (i >= 0) {
        this.app.ui.collapsed.splice(i, 1);
        changed = true;
      }
    }
    if (changed) this.app.saveUi();
    this.ensureRows();
    const idx = this.rows.findIndex((r) => r.node.id === id);
    if (idx >= 0) this.scrollTo(idx);
  }

  private toggle(id: string, open?: boolean): void {
    const c = this.app.ui.collapsed;
    const i = c.indexOf(id);
    if (i >= 0 && open !== false) c.splice(i, 1);
    else if (i < 0 && open !== true) c.push(id);
    this.app.saveUi();
    this.schedule();
  }

  private onClick(e: MouseEvent): void {
    const row = (e.target as HTMLElement).closest<HTMLElement>('.row');
    if (!row) return;
    const idx = Number(row.dataset['index']);
    const r = this.rows[idx];
    if (!r) return;
    if ((e.target as HTMLElement).classList.contains('twisty')) this.toggle(r.node.id);
    else this.app.select(r.node.id);
    this.scroller.focus();
  }

  private onWheel(e: WheelEvent): void {
    if (!(e.ctrlKey || e.metaKey || e.shiftKey)) return;
    e.preventDefault();
    const rect = this.scroller.getBoundingClientRect();
    const x = e.clientX - rect.left - this.nameCol;
    if (e.ctrlKey || e.metaKey) this.zoom(e.deltaY < 0 ? 1.25 : 0.8, Math.max(0, x));
    else this.setView(panBy(this.currentView(), (e.deltaY || e.deltaX) * 0.5, this.extent()));
  }

  private onKey(e: KeyboardEvent): void {
    const i = this.indexOfSelected();
    const row = this.rows[i];
    const page = Math.max(1, Math.floor(this.scroller.clientHeight / ROW_HEIGHT) - 1);
    switch (e.key) {
      case 'ArrowDown': this.selectIndex(i + 1); break;
      case 'ArrowUp': this.selectIndex(i < 0 ? 0 : i - 1); break;
      case 'PageDown': this.selectIndex(i + page); break;
      case 'PageUp': this.selectIndex(i - page); break;
      case 'Home': this.selectIndex(0); break;
      case 'End': this.selectIndex(this.rows.length - 1); break;
      case 'ArrowRight':
        if (!row) break;
        if (row.node.children.length && this.app.ui.collapsed.includes(row.node.id)) this.toggle(row.node.id, true);
        else if (row.node.children.length) this.selectIndex(i + 1);
        break;
      case 'ArrowLeft':
        if (!row) break;
        if (row.node.children.length && !this.app.ui.collapsed.includes(row.node.id)) this.toggle(row.node.id, false);
        else if (row.node.parentId) this.selectIndex(this.rows.findIndex((r) => r.node.id === row.node.parentId));
        break;
      case 'Enter': if (row) this.app.select(row.node.id, { focusDetails: true }); break;
      case '+': case '=': this.zoom(2); break;
      case '-': this.zoom(0.5); break;
      case '0': this.fit(); break;
      case '[': this.setView(panBy(this.currentView(), -this.laneWidth() / 4, this.extent())); break;
      case ']': this.setView(panBy(this.currentView(), this.laneWidth() / 4, this.extent())); break;
      default: return;
    }
    e.preventDefault();
  }

  focus(): void {
    this.scroller.focus();
  }
}
