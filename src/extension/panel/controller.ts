/**
 * What a trace webview asks for, answered the same way for the panel view and the editor
 * tabs: reveal in definition, open two outputs in the diff editor, history and comparison,
 * rerun from here.
 */
import * as vscode from 'vscode';
import { parseRecordLine } from '../../core/traceview/parse';
import { planOf } from '../../core/traceview/definition';
import type { FromWebview, ToWebview } from '../../shared/protocol';
import { Commands } from '../commandIds';
import type { HandoffContext } from '../context';
import type { Channel } from './channel';
import { type OutputDocuments, openOutputDiff } from './diffDocs';
import { compareLabels } from './diffNames';
import { historyMessage, loadRuns, readRecords, traceDirectories } from './history';
import { resolveDefinitionFile, revealDefinition } from './reveal';
import { RERUN_UNAVAILABLE, rerunState, type TraceSession } from './session';


/** A URI the webview names, accepted only for a `*.trace.jsonl` file. */
function traceUri(s: string): vscode.Uri | undefined {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(s, true);
  } catch {
    return undefined;
  }
  return uri.path.endsWith('.trace.jsonl') ? uri : undefined;
}

/** A session's `source` as a URI: a URI string, or a file path (Windows paths included). */
export function traceFileUri(source: string): vscode.Uri {
  return /^[a-z][\w+.-]*:/i.test(source) && !/^[a-zA-Z]:[\\/]/.test(source) ? vscode.Uri.parse(source) : vscode.Uri.file(source);
}

/**
 * What a webview is told when it (re)loads, and again when it changes: the prices, and
 * whether "Rerun from here" can work for what `shown` shows (a trace file, not a live run;
 * without `shown`, a tab of a recorded file, it can).
 */
export function initMessage(mode: 'live' | 'file', shown?: Parameters<typeof rerunState>[0], file?: string): ToWebview {
  const prices = vscode.workspace.getConfiguration('handoff').get<Record<string, { input?: number; output?: number }>>('prices', {});
  return { type: 'init', mode, prices, rerun: shown ? rerunState(shown) : { enabled: true, reason: RERUN_UNAVAILABLE }, ...(file !== undefined ? { file } : {}) };
}

export class TraceController {
  constructor(
    private readonly ctx: HandoffContext,
    private readonly docs: OutputDocuments,
  ) {}

  private sourceUri(session: TraceSession): vscode.Uri | undefined {
    const s = session.current?.source;
    return s ? traceFileUri(s) : undefined;
  }

  private runRecord(session: TraceSession) {
    return session.runRecord;
  }

  async handle(session: TraceSession, channel: Channel, msg: FromWebview): Promise<void> {
    switch (msg.type) {
      case 'ready':
        session.onReady();
        return;
      case 'log':
        this.ctx.log[msg.level](`trace webview: ${msg.message}`);
        return;
      case 'reveal': {
        const run = this.runRecord(session);
        if (!run) return;
        const file = await resolveDefinitionFile(run.file, this.sourceUri(session));
        if (!file) {
          void vscode.window.showWarningMessage(`Handoff: cannot find the definition file ${run.file}.`);
          return;
        }
        await revealDefinition(file, msg.kind, msg.name, msg.workflow ?? run.workflow);
        return;
      }
      case 'openDiff':
        await openOutputDiff(this.docs, msg.title, msg.left, msg.right);
        return;
      case 'openSource': {
        const uri = traceUri(msg.source);
        if (!uri) return this.refuse('openSource', msg.source);
        await vscode.commands.executeCommand('vscode.openWith', uri, 'handoff.traceViewer');
        return;
      }
      case 'openRecorded':
        await vscode.commands.executeCommand(Commands.openTrace);
        return;
      case 'requestHistory': {
        const run = this.runRecord(session);
        const workflow = run?.workflow ?? run?.agent;
        if (!run || !workflow) {
          void channel.post({ type: 'reply', inReplyTo: msg.messageId, ok: false, message: 'This trace names no workflow.' });
          return;
        }
        const src = this.sourceUri(session);
        // Runs of this target only: a workflow of the same name in another file, or an agent of that name, is another target.
        const def = await resolveDefinitionFile(run.file, src);
        const runs = await loadRuns({ kind: run.workflow !== undefined ? 'workflow' : 'agent', name: workflow, file: def?.fsPath }, traceDirectories(src ? vscode.Uri.joinPath(src, '..') : undefined));
        const plan = session.current?.plan ?? (await this.planFor(run.file, workflow, src));
        void channel.post(historyMessage(workflow, runs, plan, msg.messageId));
        return;
      }
      case 'requestCompare': {
        const ua = traceUri(msg.a);
        const ub = traceUri(msg.b);
        if (!ua || !ub) {
          this.refuse('requestCompare', `${msg.a} ${msg.b}`);
          void channel.post({ type: 'reply', inReplyTo: msg.messageId, ok: false, message: 'Only recorded *.trace.jsonl files can be compared.' });
          return;
        }
        const [a, b] = await Promise.all([readRecords(ua), readRecords(ub)]);
        // Each run by when it started, not by its trace file: the diff editor's title is made of these.
        const runOf = (records: typeof a) => records.find((r) => r.type === 'run');
        const [la, lb] = compareLabels(runOf(a), runOf(b), ua.path, ub.path);
        void channel.post({ type: 'compare', inReplyTo: msg.messageId, a: { label: la, records: a }, b: { label: lb, records: b } });
        return;
      }
      case 'rerunFrom': {
        const source = this.sourceUri(session);
        if (!source || source.scheme !== 'file' || !source.path.endsWith('.trace.jsonl') || session.isLive) {
          void channel.post({ type: 'reply', inReplyTo: msg.messageId, ok: false, message: RERUN_UNAVAILABLE });
          return;
        }
        // The rerun is a run like any other: it reports through the run command's progress,
        // notification and trace, and feeds the panel live.
        const outcome: unknown = await vscode.commands.executeCommand('handoff.rerunFrom', { trace: source.fsPath, step: msg.step });
        const refused = typeof outcome === 'object' && outcome !== null && (outcome as { refused?: unknown }).refused === true;
        void channel.post({
          type: 'reply',
          inReplyTo: msg.messageId,
          ok: !refused,
          message: refused ? String((outcome as { message: unknown }).message) : `Reran from ${msg.step}.`,
        });
        return;
      }
    }
  }

  private refuse(what: string, value: string): void {
    this.ctx.log.warn(`trace panel: refused ${what} of ${value.slice(0, 300)} (not a *.trace.jsonl file)`);
  }

  /** The graph workflow's plan from its definition file, when it can be read. */
  /**
   * Reads a trace file into a session (its text as it is; the title and the graph's plan from
   * its `run` line). Throws when the file cannot be read.
   */
  async loadTraceFile(session: TraceSession, uri: vscode.Uri, stillWanted: () => boolean = () => true): Promise<void> {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const nl = text.indexOf('\n');
    const first = parseRecordLine(nl < 0 ? text : text.slice(0, nl));
    const run = first?.type === 'run' ? first : undefined;
    const title = run ? (run.workflow ?? run.agent ?? run.runId) : uri.path.split('/').pop()!;
    const plan = run?.workflow ? await this.planFor(run.file, run.workflow, uri) : undefined;
    if (stillWanted()) session.loadText({ title, source: uri.toString(), plan }, text);
  }

  async planFor(file: string, workflow: string, traceUri?: vscode.Uri) {
    const uri = await resolveDefinitionFile(file, traceUri);
    if (!uri) return undefined;
    try {
      return planOf(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), workflow);
    } catch {
      return undefined;
    }
  }
}
