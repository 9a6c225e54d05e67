/**
 * A trace shown in one webview (the panel view, or one editor tab): the records so far and
 * what to say when the webview (re)loads. The webview is not kept alive while hidden
 * (no retainContextWhenHidden): when it loads again it says `ready`, and the session sends
 * init, reset and every record again; the webview restores its own UI state with getState.
 */
import type * as vscode from 'vscode';
import type { PlanStep } from '../../core/traceview';
import type { TraceRecord } from '../../core/tracing/records';
import { Coalescer } from '../../core/traceview/coalescer';
import { LIVE_MESSAGES_PER_SECOND, RECORDS_CHUNK, type ToWebview } from '../../shared/protocol';
import type { Channel } from './channel';

export interface TraceInfo {
  title: string;
  /** The trace file, when there is one. */
  source?: string;
  plan?: PlanStep[];
}

export class TraceSession implements vscode.Disposable {
  private records: TraceRecord[] = [];
  private info: TraceInfo | undefined;
  private live = false;
  private channel: Channel | undefined;
  private ready = false;
  private readonly feed = new Coalescer<TraceRecord>((batch) => this.send(batch), LIVE_MESSAGES_PER_SECOND);

  constructor(private readonly init: () => ToWebview) {}

  get current(): TraceInfo | undefined {
    return this.info;
  }

  get allRecords(): readonly TraceRecord[] {
    return this.records;
  }

  /** Connects a (re)loaded webview; nothing is sent until it says `ready`. */
  attach(channel: Channel | undefined): void {
    this.channel = channel;
    this.ready = false;
  }

  /** The webview said `ready`: send it everything. */
  onReady(): void {
    this.ready = true;
    this.feed.flush();
    void this.channel?.post(this.init());
    if (this.info) this.resend();
  }

  begin(info: TraceInfo, live: boolean): void {
    this.feed.dispose();
    this.records = [];
    this.info = info;
    this.live = live;
    if (this.ready) void this.channel?.post(this.resetMsg());
  }

  push(records: readonly TraceRecord[]): void {
    for (const r of records) this.records.push(r);
    if (this.ready) this.feed.push(records);
  }

  end(): void {
    this.live = false;
    this.feed.flush();
  }

  /** The graph's plan arrived after the run began: the webview gets the trace again with it. */
  setPlan(plan: PlanStep[]): void {
    if (!this.info) return;
    this.info = { ...this.info, plan };
    this.feed.flush();
    if (this.ready) this.resend();
  }

  /** Sets everything at once (a trace file). */
  load(info: TraceInfo, records: TraceRecord[]): void {
    this.begin(info, false);
    this.records = records;
    if (this.ready) this.sendChunks(records);
  }

  private resetMsg(): ToWebview {
    return { type: 'reset', title: this.info?.title ?? '', source: this.info?.source, live: this.live, plan: this.info?.plan?.map((p) => ({ ...p, dependsOn: [...p.dependsOn] })) };
  }

  private resend(): void {
    void this.channel?.post(this.resetMsg());
    this.sendChunks(this.records);
  }

  private sendChunks(records: readonly TraceRecord[]): void {
    if (records.length === 0) {
      void this.channel?.post({ type: 'records', records: [], done: true });
      return;
    }
    for (let i = 0; i < records.length; i += RECORDS_CHUNK) {
      const chunk = records.slice(i, i + RECORDS_CHUNK);
      void this.channel?.post({ type: 'records', records: chunk, done: i + RECORDS_CHUNK >= records.length });
    }
  }

  private send(batch: TraceRecord[]): void {
    if (this.ready) void this.channel?.post({ type: 'records', records: batch });
  }

  dispose(): void {
    this.feed.dispose();
  }
}
