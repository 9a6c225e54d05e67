/**
 * A trace shown in one webview (the panel view, or one editor tab): the records of a live
 * run, or the text of a trace file, and what to say when the webview (re)loads. The webview
 * is not kept alive while hidden (no retainContextWhenHidden): when it loads again it says
 * `ready`, and the session sends init, reset and the whole trace again; the webview restores
 * its own UI state with getState.
 */
import type * as vscode from 'vscode';
import type { PlanStep } from '../../core/traceview/graph';
import { Coalescer } from '../../core/traceview/coalescer';
import { parseRecordLine } from '../../core/traceview/parse';
import type { RunRecord, TraceRecord } from '../../core/tracing/records';
import { LIVE_MESSAGES_PER_SECOND, RECORDS_CHUNK, type ToWebview, splitLines } from '../../shared/protocol';

/** Where messages go: a webview's channel (or a fake one in tests and the benchmark). */
export interface Poster {
  post(msg: ToWebview): Thenable<boolean>;
}

export interface TraceInfo {
  title: string;
  /** The trace file, when there is one (a URI string). */
  source?: string;
  plan?: PlanStep[];
}

/** Why "Rerun from here" is off in a view that shows no recorded trace file yet. */
export const RERUN_UNAVAILABLE = 'Rerun from here needs a recorded trace: wait for the run to end, or open a *.trace.jsonl file.';

/** Whether a view can offer "Rerun from here": it shows a recorded trace file, and no run is feeding it. */
export function rerunState(shown: { readonly isLive: boolean; readonly current?: TraceInfo }): { enabled: boolean; reason: string } {
  const source = shown.current?.source;
  const recorded = source !== undefined && /\.trace\.jsonl$/.test(source) && (source.startsWith('file:') || !/^[a-z][\w+.-]+:/i.test(source));
  return { enabled: recorded && !shown.isLive, reason: RERUN_UNAVAILABLE };
}

export class TraceSession implements vscode.Disposable {
  private records: TraceRecord[] = [];
  private text: string | undefined;
  /** The file goes on after `text` with a last line cut short. */
  private cutShort = false;
  private run: RunRecord | undefined;
  private info: TraceInfo | undefined;
  private live = false;
  private channel: Poster | undefined;
  private ready = false;
  /** The last init sent, as JSON. */
  private lastInit: string | undefined;
  private readonly feed = new Coalescer<TraceRecord>((batch) => this.send(batch), LIVE_MESSAGES_PER_SECOND);

  constructor(private readonly init: () => ToWebview) {}

  /** True while a run is feeding this view. */
  get isLive(): boolean {
    return this.live;
  }

  get current(): TraceInfo | undefined {
    return this.info;
  }

  /** The trace's `run` record, when it has one. */
  get runRecord(): RunRecord | undefined {
    return this.run;
  }

  get recordCount(): number {
    return this.records.length;
  }

  /** Connects a (re)loaded webview; nothing is sent until it says `ready`. */
  attach(channel: Poster | undefined): void {
    this.channel = channel;
    this.ready = false;
  }

  /** The webview said `ready`: send it everything. */
  onReady(): void {
    this.ready = true;
    this.postInit();
    if (this.info) this.resend();
  }

  /** Sends init again when what it says has changed (the prices; whether Rerun from here can work). */
  sendInit(): void {
    if (!this.ready) return;
    const init = this.init();
    if (JSON.stringify(init) !== this.lastInit) this.postInit(init);
  }

  private postInit(init = this.init()): void {
    this.lastInit = JSON.stringify(init);
    void this.channel?.post(init);
  }

  /** A live run begins: the trace so far is forgotten. */
  begin(info: TraceInfo, live: boolean): void {
    this.feed.dispose();
    this.records = [];
    this.text = undefined;
    this.cutShort = false;
    this.run = undefined;
    this.info = info;
    this.live = live;
    this.sendInit(); // Rerun from here depends on both
    if (this.ready) void this.channel?.post(this.resetMsg());
  }

  push(records: readonly TraceRecord[]): void {
    for (const r of records) {
      if (r.type === 'run' && !this.run) this.run = r;
      this.records.push(r);
    }
    if (this.ready) this.feed.push(records);
  }

  end(): void {
    this.live = false;
    this.feed.flush();
    this.sendInit(); // Rerun from here may be possible now
  }

  /** The graph's plan arrived after the run began: the webview gets the trace again with it. */
  setPlan(plan: PlanStep[]): void {
    if (!this.info) return;
    this.info = { ...this.info, plan };
    this.feed.flush();
    if (this.ready) this.resend();
  }

  /**
   * A trace file: its text is sent as it is (the webview checks every line). `cutShort`: the
   * file goes on after `text` with a last line cut short, left out (the webview says so).
   */
  loadText(info: TraceInfo, text: string, cutShort = false): void {
    this.begin(info, false);
    this.text = text;
    this.cutShort = cutShort;
    const nl = text.indexOf('\n');
    const first = parseRecordLine(nl < 0 ? text : text.slice(0, nl));
    this.run = first?.type === 'run' ? first : undefined;
    if (this.ready) this.sendBody();
  }

  private resetMsg(): ToWebview {
    const plan = this.info?.plan?.map((p) => ({ ...p, dependsOn: [...p.dependsOn] }));
    return { type: 'reset', title: this.info?.title ?? '', source: this.info?.source, live: this.live, plan };
  }

  private resend(): void {
    this.feed.flush();
    void this.channel?.post(this.resetMsg());
    this.sendBody();
  }

  private sendBody(): void {
    if (this.text !== undefined) {
      const chunks = splitLines(this.text);
      const cut = this.cutShort ? { cutShort: true } : {};
      if (chunks.length === 0) void this.channel?.post({ type: 'recordsText', text: '', done: true, ...cut });
      chunks.forEach((text, i) => void this.channel?.post({ type: 'recordsText', text, done: i === chunks.length - 1, ...(i === chunks.length - 1 ? cut : {}) }));
      return;
    }
    const records = this.records;
    if (records.length === 0) {
      void this.channel?.post({ type: 'records', records: [], done: !this.live });
      return;
    }
    for (let i = 0; i < records.length; i += RECORDS_CHUNK) {
      const last = i + RECORDS_CHUNK >= records.length;
      void this.channel?.post({ type: 'records', records: records.slice(i, i + RECORDS_CHUNK), done: last && !this.live ? true : last ? undefined : false });
    }
  }

  private send(batch: TraceRecord[]): void {
    if (this.ready) void this.channel?.post({ type: 'records', records: batch });
  }

  dispose(): void {
    this.feed.dispose();
  }
}
