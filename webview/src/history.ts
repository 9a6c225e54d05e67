/**
 * History and comparison (the runs of the workflow; pick two, see them node by node, open
 * two outputs in the diff editor) and reliability (per agent success over recorded runs,
 * the compounded end-to-end estimate, anomalies against the recent baseline).
 */
import type { ToWebview } from '../../src/shared/protocol';
import { ANOMALY_MIN_BASELINE, type DiffRow, TraceModel, diffRuns, formatDuration, formatStartedAt, STATE_LABEL } from './core';
import type { App } from './app';
import { h, icon, inert, label, replaceKeepingFocus } from './dom';
import { newMessageId, post } from './host';

type HistoryMsg = Extract<ToWebview, { type: 'history' }>;
type CompareMsg = Extract<ToWebview, { type: 'compare' }>;

const pct = (x: number): string => `${(x * 100).toFixed(x === 1 || x === 0 ? 0 : 1)} %`;
const METRIC: Record<string, string> = { latencyMs: 'latency', tokens: 'tokens', violations: 'violations' };
/** A dash for tokens no model call reported (the scripted provider reports none), with a title saying so. */
const notReported = (): HTMLElement => h('span', { class: 'muted', title: 'No model call of this run reported token usage' }, '—');
const fmtMetric = (metric: string, v: number): string => (metric === 'latencyMs' ? formatDuration(v) : Math.round(v).toLocaleString('en-US'));
/** A run answered from a recording, wholly (Replay Run…) or in part (Rerun from here). */
function replayBadge(replay: 'all' | 'some'): HTMLElement {
  return replay === 'all'
    ? h('span', { class: 'badge replay', title: 'Every model call of this run was answered from a recorded run: it observed nothing new, so it counts in no reliability figure or baseline' }, 'replay')
    : h('span', { class: 'badge replay', title: 'Some model calls of this run were answered from a recorded run (Rerun from here): only its live calls count' }, 'partly replayed');
}

/** ` (1 replay)`: how many of the runs listed are replays, which count in no figure. */
function replays(runs: readonly { replay?: 'all' | 'some' }[]): string {
  const n = runs.filter((r) => r.replay === 'all').length;
  return n ? ` (${n.toLocaleString('en-US')} ${n === 1 ? 'replay' : 'replays'})` : '';
}

/** `1 recorded run`, `5 recorded runs`. */
const count = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * A formatter for durations shown side by side (A, B and B − A) at one precision, so the
 * figures add up: not `2 ms / 3 ms (+0.23 ms)` but `2.41 ms / 2.64 ms (+0.23 ms)`.
 */
function durationScale(values: readonly (number | undefined)[]): (ms: number) => string {
  const xs = values.filter((x): x is number => x !== undefined && Number.isFinite(x)).map(Math.abs).filter((x) => x > 0);
  if (xs.length === 0) return formatDuration;
  const max = Math.max(...xs);
  const min = Math.min(...xs);
  if (max >= 60_000) return formatDuration;
  if (max >= 1000) {
    const d = min < 10 ? 3 : 2;
    return (ms) => `${(ms / 1000).toFixed(d)} s`;
  }
  const d = min < 1 ? 2 : min < 10 ? 1 : 0;
  return (ms) => (ms === 0 ? '0 ms' : `${ms.toFixed(d)} ms`);
}

/** A table in a box that scrolls sideways when the panel is narrower than it. */
function table(head: (string | Node)[], rows: (string | Node)[][], caption?: string): HTMLElement {
  const t = h('table', { class: 'grid' });
  if (caption) t.append(h('caption', {}, caption));
  const thead = h('thead', {}, h('tr', {}, ...head.map((x) => h('th', { scope: 'col' }, x))));
  const tbody = h('tbody');
  for (const r of rows) tbody.append(h('tr', {}, ...r.map((c) => h('td', {}, c))));
  t.append(thead, tbody);
  return h('div', { class: 'table-scroll' }, t);
}

export class HistoryView {
  /**
   * Redrawn whole when a run is picked or the list or a comparison comes: the focus is kept
   * on the same control (by its data-focus-key), and waits on the tab itself meanwhile.
   */
  readonly el = h('div', { class: 'history', tabindex: -1 });
  readonly reliabilityEl = h('div', { class: 'reliability' });
  private history: HistoryMsg | undefined;
  private compare: CompareMsg | undefined;
  private requested = false;
  private error = '';
  /** Set by Compare: the comparison's heading takes the focus when it comes. */
  private focusComparison = false;

  constructor(private readonly app: App) {
    this.renderAll();
  }

  /** Asks for the history once per trace (and again on refresh). */
  request(force = false): void {
    if (this.requested && !force) return;
    this.requested = true;
    this.error = '';
    post({ type: 'requestHistory', messageId: newMessageId() });
    replaceKeepingFocus(this.el, h('p', { class: 'empty', role: 'status' }, 'Reading recorded runs…'), this.refreshButton());
  }

  private refreshButton(): HTMLElement {
    const refresh = h('button', { class: 'btn', 'data-focus-key': 'refresh' }, icon('refresh'), ' Refresh');
    refresh.addEventListener('click', () => this.request(true));
    return refresh;
  }

  reset(): void {
    this.requested = false;
    this.history = undefined;
    this.compare = undefined;
    this.renderAll();
  }

  onHistory(msg: HistoryMsg): void {
    this.history = msg;
    this.renderAll();
  }

  onCompare(msg: CompareMsg): void {
    this.compare = msg;
    this.renderAll();
    if (this.focusComparison) this.el.querySelector<HTMLElement>('.compare h3')?.focus();
    this.focusComparison = false;
  }

  onError(message: string): void {
    this.error = message;
    this.focusComparison = false;
    this.renderAll();
  }

  private renderAll(): void {
    this.renderHistory();
    this.renderReliability();
  }

  private renderHistory(): void {
    const msg = this.history;
    const refresh = this.refreshButton();
    if (!msg) {
      replaceKeepingFocus(this.el, h('p', { class: 'empty' }, this.error ? inert(this.error) : 'Open this tab to list the recorded runs of this workflow.'), refresh);
      return;
    }
    const picked = this.app.ui.compare ?? [];
    const compareBtn = h('button', { class: 'btn primary', 'data-focus-key': 'compare' }, icon('diff'), ' Compare the two picked runs');
    if (picked.length !== 2) {
      compareBtn.setAttribute('aria-disabled', 'true');
      compareBtn.title = picked.length === 0
        ? 'Pick two runs in the list (the boxes on the left) to compare them'
        : 'Pick one more run in the list to compare it with the one picked';
    } else compareBtn.title = 'Compare the two picked runs node by node: the older as A, the newer as B';
    compareBtn.addEventListener('click', () => {
      if (picked.length !== 2) return;
      // A is the older run, B the newer (the history lists runs oldest first).
      const at = (source: string): number => msg.runs.findIndex((r) => r.source === source);
      const [a, b] = [...picked].sort((x, y) => at(x) - at(y));
      this.focusComparison = true;
      post({ type: 'requestCompare', messageId: newMessageId(), a: a!, b: b! });
    });
    const rows = [...msg.runs].reverse().map((r) => {
      const box = h('input', { type: 'checkbox', 'aria-label': `Pick run ${label(r.runId)} for comparison`, 'data-focus-key': `pick:${r.source}` });
      box.checked = picked.includes(r.source);
      box.addEventListener('change', () => {
        const list = (this.app.ui.compare ?? []).filter((s) => s !== r.source);
        if (box.checked) list.push(r.source);
        this.app.ui.compare = list.slice(-2);
        this.app.saveUi();
        this.renderHistory();
      });
      const open = h('button', { class: 'link', title: 'Open this trace', 'data-focus-key': `open:${r.source}` }, label(r.runId, 40));
      open.addEventListener('click', () => post({ type: 'openSource', source: r.source }));
      const runCell = r.replay ? h('span', {}, open, ' ', replayBadge(r.replay)) : open;
      const flags = r.anomalies.filter((a) => a.anomalous);
      const anomaly = flags.length
        ? h('span', { class: 'anomaly' }, icon('warning'), ' ', flags.map((a) => `${METRIC[a.metric]} ${fmtMetric(a.metric, a.value)} (baseline ${fmtMetric(a.metric, a.median)}, normal ${fmtMetric(a.metric, a.low)}–${fmtMetric(a.metric, a.high)})`).join('; '))
        : r.replay === 'all'
          ? h('span', { class: 'muted', title: 'A replay repeats a recorded run: it is not judged, nor part of the baseline of the runs after it' }, 'not judged')
        : r.anomalies.length
          ? h('span', { class: 'muted', title: `Latency, tokens and violations are within the normal range of the runs before it` }, 'none')
          : h('span', { class: 'muted', title: `A run is checked for anomalies against the runs before it, once there are at least ${ANOMALY_MIN_BASELINE}` }, 'no baseline yet');
      return [box, runCell, h('span', { title: label(r.startedAt, 40) }, formatStartedAt(r.startedAt, true)), h('span', { class: `st-text st-${r.status === 'error' ? 'failed' : r.status === 'ok' ? 'ok' : r.status}` }, r.status), formatDuration(r.latencyMs), r.tokens === undefined ? notReported() : r.tokens.toLocaleString('en-US'), r.replay === 'all' ? h('span', { class: 'muted', title: 'Replayed from the recording: not counted again' }, `(${r.violations})`) : String(r.violations), anomaly];
    });
    const parts: Node[] = [
      h('div', { class: 'toolbar' }, h('span', {}, `${count(msg.runs.length, 'recorded run')}${replays(msg.runs)} of `, h('strong', {}, label(msg.workflow))), compareBtn, refresh),
      table(['', 'Run', 'Started', 'Status', 'Latency', 'Tokens', 'Violations',
        h('span', { title: `Latency, tokens or violations outside the normal range of the runs before (judged once there are ${ANOMALY_MIN_BASELINE} earlier runs)` }, 'Anomaly')], rows),
    ];
    if (this.compare) parts.push(this.compareView(this.compare));
    replaceKeepingFocus(this.el, ...parts);
  }

  private compareView(compared: CompareMsg): HTMLElement {
    let a = TraceModel.from(compared.a.records);
    let b = TraceModel.from(compared.b.records);
    // A is the older run and B the newer, whatever order they were asked in: the arrows read
    // older → newer and the deltas are newer minus older.
    let msg = compared;
    if ((a.run?.startedAt ?? '') > (b.run?.startedAt ?? '')) {
      [a, b] = [b, a];
      msg = { ...compared, a: compared.b, b: compared.a };
    }
    const rows = diffRuns(a, b);
    const tokens = rows.some((r) => r.a?.tokens !== undefined || r.b?.tokens !== undefined);
    const side = (r: DiffRow, which: 'a' | 'b'): string => {
      const s = r[which];
      return s ? STATE_LABEL[s.state] : '—';
    };
    const delta = (x: number | undefined, fmt: (n: number) => string): string => (x === undefined ? '—' : `${x >= 0 ? '+' : '−'}${fmt(Math.abs(x))}`);
    const latency = (r: DiffRow): string => {
      const fmt = durationScale([r.a?.durationMs, r.b?.durationMs, r.latencyDeltaMs]);
      const side = (ms: number | undefined): string => (ms === undefined ? '—' : fmt(ms));
      return `${side(r.a?.durationMs)} / ${side(r.b?.durationMs)} (${delta(r.latencyDeltaMs, fmt)})`;
    };
    const body = rows.map((r) => {
      const changes = r.outputChanges.length;
      const diffBtn = h('button', { class: 'link', title: 'Open the two outputs in the diff editor', 'data-focus-key': `diff:${r.key}` }, changes ? count(changes, 'change') : 'same');
      diffBtn.addEventListener('click', () => post({
        type: 'openDiff',
        title: `${r.name}: ${msg.a.label} ↔ ${msg.b.label}`,
        left: { label: `${r.name}-${msg.a.label}`, value: r.a?.output ?? null },
        right: { label: `${r.name}-${msg.b.label}`, value: r.b?.output ?? null },
      }));
      const status = h('span', { class: r.stateChanged ? 'changed' : '' }, `${side(r, 'a')} → ${side(r, 'b')}`);
      const paths = r.outputChanges.slice(0, 5).map((c) => `${c.kind} ${c.path || '/'}`).join(', ');
      return [
        h('span', { title: r.key }, label(r.name)),
        status,
        latency(r),
        ...(tokens ? [`${r.a?.tokens?.toLocaleString('en-US') ?? '—'} / ${r.b?.tokens?.toLocaleString('en-US') ?? '—'} (${delta(r.tokensDelta, (n) => n.toLocaleString('en-US'))})`] : []),
        h('span', {}, diffBtn, paths ? h('span', { class: 'muted' }, ` ${inert(paths, 300)}`) : ''),
      ];
    });
    const runLabel = (m: TraceModel, fallback: string): string => (m.run ? `${label(m.run.runId, 60)} (${formatStartedAt(m.run.startedAt, true)})` : label(fallback));
    return h('div', { class: 'compare' },
      h('h3', { tabindex: -1, 'data-focus-key': 'comparison' }, 'Comparison: A ', h('span', { title: label(msg.a.label, 300) }, runLabel(a, msg.a.label)), ' → B ', h('span', { title: label(msg.b.label, 300) }, runLabel(b, msg.b.label))),
      h('p', { class: 'muted' }, tokens
        ? 'A is the older run, B the newer; differences are B − A.'
        : 'A is the older run, B the newer; differences are B − A. Neither run reported token usage.'),
      table(['Node', 'Status (A → B)', 'Latency (A / B)', ...(tokens ? ['Tokens (A / B)'] : []), 'Output'], body));
  }

  private renderReliability(): void {
    const msg = this.history;
    if (!msg) {
      this.reliabilityEl.replaceChildren(h('p', { class: 'empty' }, this.error ? inert(this.error) : 'Reliability is computed over the recorded runs of this workflow.'));
      return;
    }
    const agents = table(['Agent', 'Agent calls', 'First try', 'After repair', 'Fallback', 'Failed', 'Success'],
      msg.agents.map((a) => [label(a.agent), String(a.total), pct(a.firstTry / (a.total || 1)), pct(a.repaired / (a.total || 1)), pct(a.fallback / (a.total || 1)), pct(a.failed / (a.total || 1)), h('strong', {}, pct(a.successRate))]),
      `Per agent, over ${count(msg.runs.filter((r) => r.replay !== 'all').length, 'recorded run')}${msg.runs.some((r) => r.replay) ? ' (replayed calls left out)' : ''}`);
    const e = msg.estimate;
    // Steps with no recorded outcome are left out of the product: it is then at most this.
    const unknown = e.unknown ?? [];
    const bound = unknown.length ? '≤ ' : '';
    const est = h('div', { class: 'estimate' },
      h('h3', {}, 'End-to-end estimate'),
      h('p', { class: 'muted' }, 'The product over the workflow\'s steps of each step\'s success rate.'),
      ...(unknown.length ? [h('p', { class: 'muted' }, `No recorded outcome for ${unknown.map((u) => label(u)).join(', ')} (its agent never ran in these runs): left out, so the estimate is an upper bound.`)] : []),
      h('div', { class: 'figures' },
        figure('First try only', e.factors.length ? bound + pct(e.firstTry) : '—'),
        figure('With retries (repair)', e.factors.length ? bound + pct(e.withRetries) : '—'),
        figure('With retries and fallbacks', e.factors.length ? bound + pct(e.withFallback) : '—')),
      table(['Step', 'Agent', 'First try', 'With retries', 'With fallback'], [
        ...e.factors.map((f) => [label(f.name), label(f.agent), pct(f.firstTry), pct(f.withRetries), pct(f.withFallback)]),
        ...unknown.map((u) => [label(u), '', 'no data', 'no data', 'no data']),
      ]));
    const current = msg.runs.find((r) => r.runId === this.app.model.run?.runId);
    const anomalies = current
      ? current.anomalies.length
        ? table(['Metric', 'This run', 'Baseline (median)', 'Normal range', ''], current.anomalies.map((a) => [METRIC[a.metric]!, fmtMetric(a.metric, a.value), fmtMetric(a.metric, a.median), `${fmtMetric(a.metric, a.low)} – ${fmtMetric(a.metric, a.high)}`, a.anomalous ? h('span', { class: 'anomaly' }, icon('warning'), ' anomaly') : 'normal']), 'This run against the recent baseline')
        : h('p', { class: 'muted' }, 'Fewer than 5 earlier runs: no baseline for anomalies yet.')
      : h('p', { class: 'muted' }, 'This run is not among the recorded runs.');
    this.reliabilityEl.replaceChildren(agents, est, anomalies);
  }
}

function figure(title: string, value: string): HTMLElement {
  return h('div', { class: 'figure' }, h('div', { class: 'figure-value' }, value), h('div', { class: 'figure-label' }, title));
}
