/**
 * The trace panel: one webview UI (webview/) shown in the `handoff.tracePanel` view during
 * runs and in a read-only custom editor (`handoff.traceViewer`) for any `*.trace.jsonl`.
 * `registerPanel` returns the live-feed API the run command and the engine's tracing
 * processor call: `beginRun`, `pushRecords`, `endRun` (or `processor()`, which does all three).
 */
import * as vscode from 'vscode';
import type { TraceProcessor } from '../../core/tracing/processor';
import type { RunRecord, TraceRecord } from '../../core/tracing/records';
import type { PlanStep } from '../../core/traceview';
import { Commands } from '../commandIds';
import { registerCommand } from '../commands';
import type { HandoffContext } from '../context';
import { Channel } from './channel';
import { TraceController, initMessage, traceFileUri } from './controller';
import { OUTPUT_SCHEME, OutputDocuments } from './diffDocs';
import { TraceEditorProvider, TRACE_VIEWER } from './editor';
import { renderHtml, webviewOptions } from './html';
import { TraceSession } from './session';
import { revealFromCommand } from './revealCommand';

export const TRACE_VIEW = 'handoff.tracePanel';

/** workspaceState: the trace file of the last run the panel showed, shown again after a reload. */
const LAST_TRACE = 'handoff.tracePanel.lastTrace';

export interface RunInfo {
  /** Shown in the panel's header; defaults to the workflow or agent name. */
  title?: string;
  /** The trace file being written, so that history, compare and reveal work. */
  traceFile?: vscode.Uri | string;
  /** The steps of a graph workflow, so that the graph shows pending steps. */
  plan?: PlanStep[];
}

export interface PanelApi {
  /** A run starts: the panel forgets the previous one and shows this one live. */
  beginRun(info: RunInfo): void;
  /** Records as they are written (any rate: delivered to the webview at most 20 times a second). */
  pushRecords(records: readonly TraceRecord[]): void;
  /** The run is over: what is buffered is delivered. */
  endRun(): void;
  /**
   * A tracing processor that feeds the panel (begins on the `run` record, ends on `run.end`).
   * The panel shows one run: the newest processor's. An older run still going stops feeding
   * it, and its end does not end the newer one's live view.
   */
  processor(info?: RunInfo): TraceProcessor;
  /** Reveals the panel view. */
  show(preserveFocus?: boolean): Promise<void>;
  /** What the panel shows (for tests). */
  readonly shown: Pick<TraceSession, 'current' | 'isLive' | 'runRecord' | 'recordCount'>;
}

class TraceViewProvider implements vscode.WebviewViewProvider {
  private channel: Channel | undefined;

  constructor(
    private readonly ctx: HandoffContext,
    readonly session: TraceSession,
    private readonly controller: TraceController,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    const uri = this.ctx.extension.extensionUri;
    view.webview.options = webviewOptions(uri);
    this.channel?.dispose();
    const channel: Channel = new Channel(view.webview, this.ctx.log, (msg): Promise<void> => this.controller.handle(this.session, channel, msg));
    this.channel = channel;
    this.session.attach(channel);
    view.webview.html = renderHtml(view.webview, uri, 'live');
    if (!this.session.current) void this.restore();
    view.onDidDispose(() => {
      channel.dispose();
      if (this.channel === channel) {
        this.channel = undefined;
        this.session.attach(undefined);
      }
    });
    // Hidden, the webview is torn down (no retainContextWhenHidden); shown again it reloads
    // and says `ready`, and the session re-sends the trace.
    view.onDidChangeVisibility(() => {
      if (!view.visible) this.session.attach(channel);
    });
  }

  /**
   * A new window (a reload) shows the last run the panel showed, read back from its trace
   * file, unless a run has begun meanwhile. A trace deleted or moved since is forgotten, and
   * the panel stays empty, offering the recorded runs.
   */
  private async restore(): Promise<void> {
    const saved = this.ctx.extension.workspaceState.get<string>(LAST_TRACE);
    if (!saved) return;
    try {
      await this.controller.loadTraceFile(this.session, traceFileUri(saved), () => !this.session.current);
    } catch (err) {
      this.ctx.log.info(`trace panel: the last run's trace is gone (${err instanceof Error ? err.message : String(err)})`);
      await this.ctx.extension.workspaceState.update(LAST_TRACE, undefined);
    }
  }
}

let current: PanelApi | undefined;

/** The panel's API once registered (for modules that activation does not hand it to). */
export function panelApi(): PanelApi | undefined {
  return current;
}

export function registerPanel(ctx: HandoffContext): PanelApi {
  const docs = new OutputDocuments();
  ctx.extension.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(OUTPUT_SCHEME, docs));
  const controller = new TraceController(ctx, docs);
  const session: TraceSession = ctx.register(new TraceSession(() => initMessage('live', session)));
  // The cost figures follow handoff.prices without a reload.
  ctx.register(vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('handoff.prices')) session.sendInit();
  }));
  const provider = new TraceViewProvider(ctx, session, controller);
  ctx.extension.subscriptions.push(vscode.window.registerWebviewViewProvider(TRACE_VIEW, provider));
  ctx.extension.subscriptions.push(
    vscode.window.registerCustomEditorProvider(TRACE_VIEWER, new TraceEditorProvider(ctx, controller), {
      supportsMultipleEditorsPerDocument: true,
    }),
  );

  const show = async (preserveFocus = false): Promise<void> => {
    await vscode.commands.executeCommand(`${TRACE_VIEW}.focus`, { preserveFocus });
  };

  registerCommand(ctx, Commands.showTracePanel, () => show());
  registerCommand(ctx, Commands.revealDefinition, (arg?: unknown) => revealFromCommand(arg));

  let planRequested = 0;
  /** The processor whose run the panel shows (undefined: a run fed through beginRun/pushRecords). */
  let owner: object | undefined;
  const begin = (info: RunInfo): void => {
    const source = typeof info.traceFile === 'string' ? info.traceFile : info.traceFile?.toString();
    session.begin({ title: info.title ?? 'Run', source, plan: info.plan }, true);
    if (source) void ctx.extension.workspaceState.update(LAST_TRACE, source);
  };
  const feed = (records: readonly TraceRecord[]): void => {
    const run = records.find((r): r is RunRecord => r.type === 'run');
    if (run) {
      // A `run` record starts a trace: keep what beginRun said, else begin one now.
      const cur = session.current;
      const fresh = !cur || session.recordCount > 0;
      const title = !fresh && cur && cur.title !== 'Run' ? cur.title : (run.workflow ?? run.agent ?? 'Run');
      const info = fresh ? { title } : { ...cur, title };
      session.begin(info, true);
      if (!info.plan && run.workflow) {
        const ticket = ++planRequested;
        void controller.planFor(run.file, run.workflow).then((plan) => {
          if (plan && ticket === planRequested) session.setPlan(plan);
        });
      }
    }
    session.push(records);
    if (records.some((r) => r.type === 'run.end')) session.end();
  };
  const api: PanelApi = {
    beginRun(info) {
      owner = undefined;
      begin(info);
    },
    pushRecords(records) {
      if (records.some((r) => r.type === 'run')) owner = undefined;
      feed(records);
    },
    endRun() {
      session.end();
    },
    processor(info) {
      // Two runs at once would interleave their records in one view: the newest run takes
      // the panel (at once when it says what it is, else at its `run` record), and the
      // records and the end of any other run are dropped.
      const self = {};
      const mine = (): boolean => owner === self;
      if (info) {
        begin(info);
        owner = self;
      }
      return {
        onRecord: (r) => {
          if (r.type === 'run' && !info) owner = self;
          if (mine()) feed([r]);
        },
        flush: async () => {
          if (mine()) session.end();
        },
        shutdown: async () => {
          if (mine()) session.end();
        },
      };
    },
    show,
    shown: session,
  };
  current = api;
  return api;
}
