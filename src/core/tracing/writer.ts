/**
 * Writes a `*.trace.jsonl` file as the run goes: one record a line, appended in batches.
 * `onRecord` never blocks the run and does no serialisation: records wait in a bounded
 * queue, and once the run's current task has finished (`setImmediate`), or as soon as the
 * previous write returns, everything queued is serialised and handed to the OS in one
 * write of whole lines. When the queue is full the record is dropped and counted, and a
 * `dropped` event with the count is written once there is room again (and always before
 * `run.end`). The `run` and `run.end` lines are never dropped. If the process exits with
 * records still queued, they are written synchronously on `exit`, so the file stays
 * readable. Records are serialised when their batch is written: their values must not
 * change after they are emitted (the engine never changes them).
 */
import { closeSync, mkdirSync, openSync, write, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TraceProcessor } from './processor';
import type { TraceRecord } from './records';

export interface TraceFileWriterOptions {
  /** Most records waiting to be written; default 100,000. */
  readonly maxQueue?: number;
  readonly now?: () => number;
}

export class TraceFileWriter implements TraceProcessor {
  private fd: number | undefined;
  private queue: TraceRecord[] = [];
  private writing = false;
  private scheduled = false;
  private dropped = 0;
  private rootSpan = '';
  private waiters: (() => void)[] = [];
  private readonly maxQueue: number;
  private readonly now: () => number;
  private readonly onExit = () => this.flushSync();
  private readonly onImmediate = () => {
    this.scheduled = false;
    if (!this.writing) this.pump();
  };
  /** Records dropped over the writer's life. */
  droppedTotal = 0;
  /** The first write error, if any (the run goes on without its trace). */
  error: Error | undefined;

  constructor(readonly path: string, opts: TraceFileWriterOptions = {}) {
    this.maxQueue = opts.maxQueue ?? 100_000;
    this.now = opts.now ?? Date.now;
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'a');
    process.on('exit', this.onExit);
  }

  onRecord(record: TraceRecord): void {
    if (this.fd === undefined) return;
    if (record.type === 'span' && record.phase === 'start' && !record.parentId && !this.rootSpan) this.rootSpan = record.spanId;
    const essential = record.type === 'run' || record.type === 'run.end';
    if (!essential && this.queue.length >= this.maxQueue) {
      this.dropped++;
      this.droppedTotal++;
      return;
    }
    if (this.dropped > 0 && (essential || this.queue.length < this.maxQueue / 2)) this.pushDropped();
    this.queue.push(record);
    this.schedule();
  }

  private pushDropped(): void {
    const ev: TraceRecord = { type: 'event', spanId: this.rootSpan, name: 'dropped', time: this.now(), attributes: { count: this.dropped } };
    this.dropped = 0;
    this.queue.push(ev);
  }

  /** The next batch goes out after the current task, unless a write is under way (its end sends it). */
  private schedule(): void {
    if (this.writing || this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.onImmediate);
  }

  /** Takes the queue: its records as lines (a record that cannot be serialised is left out, as before). */
  private takeBatch(): string {
    const batch = this.queue;
    this.queue = [];
    let data = '';
    for (const r of batch) {
      try {
        data += `${serializeRecord(r)}\n`;
      } catch {
        // A processor must not break the run; see TraceProcessor.
      }
    }
    return data;
  }

  private pump(): void {
    if (this.fd === undefined || this.queue.length === 0) {
      this.writing = false;
      const w = this.waiters;
      this.waiters = [];
      for (const f of w) f();
      return;
    }
    this.writing = true;
    const data = this.takeBatch();
    if (data === '') {
      this.pump();
      return;
    }
    write(this.fd, data, null, 'utf8', (err) => {
      if (err && !this.error) this.error = err;
      this.pump();
    });
  }

  /** Resolves once every queued record has been written. */
  flush(): Promise<void> {
    if (this.dropped > 0) this.pushDropped();
    if (!this.writing && this.queue.length === 0) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.waiters.push(resolve));
    if (!this.writing) this.pump(); // no need to wait for the scheduled batch
    return done;
  }

  async shutdown(): Promise<void> {
    await this.flush();
    process.off('exit', this.onExit);
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }

  /** Last resort on process exit: whatever is queued goes out synchronously. */
  private flushSync(): void {
    if (this.fd === undefined || this.queue.length === 0) return;
    try {
      writeSync(this.fd, this.takeBatch());
    } catch {
      // Nothing more can be done while the process exits.
    }
    this.queue = [];
  }
}

const messageJson = new WeakMap<object, string>();

function messageToJson(m: unknown): string {
  if (!m || typeof m !== 'object') return JSON.stringify(m) ?? 'null';
  let s = messageJson.get(m);
  if (s === undefined) messageJson.set(m, (s = JSON.stringify(m)));
  return s;
}

/** Where the part of a conversation that the next turn repeats begins (after the instructions and the input). */
const SHARED_FROM = 2;
/** The last long prompt serialised, and the JSON of its messages from SHARED_FROM on. */
let lastPrompt: { readonly messages: readonly unknown[]; readonly json: string } | undefined;

/** The JSON of `prompt[SHARED_FROM..]` without brackets, extending the last prompt's when this one continues it. */
function sharedTailJson(prompt: readonly unknown[]): string {
  const last = lastPrompt;
  let json = '';
  let from = SHARED_FROM;
  if (last && prompt.length >= last.messages.length && continues(prompt, last.messages)) {
    json = last.json;
    from = last.messages.length;
  }
  for (let i = from; i < prompt.length; i++) json = json === '' ? messageToJson(prompt[i]) : `${json},${messageToJson(prompt[i])}`;
  lastPrompt = { messages: prompt, json };
  return json;
}

function continues(prompt: readonly unknown[], prev: readonly unknown[]): boolean {
  for (let i = SHARED_FROM; i < prev.length; i++) if (prompt[i] !== prev[i]) return false;
  return true;
}

/**
 * JSON of a record. A conversation that grows turn by turn (a supervisor's) is recorded in
 * full on every `llm` span; each message object is serialised once, and the messages that
 * a turn repeats from the previous one are joined once.
 */
export function serializeRecord(record: TraceRecord): string {
  if (record.type !== 'span' || record.phase !== 'start') return JSON.stringify(record);
  const prompt = record.attributes['handoff.prompt'];
  if (!Array.isArray(prompt) || prompt.length < 4) return JSON.stringify(record);
  const { 'handoff.prompt': _prompt, ...rest } = record.attributes;
  const messages = `${messageToJson(prompt[0])},${messageToJson(prompt[1])},${sharedTailJson(prompt)}`;
  const head = JSON.stringify({ ...record, attributes: undefined });
  const restJson = JSON.stringify(rest);
  const inner = restJson.length > 2 ? `${restJson.slice(1, -1)},` : '';
  return `${head.slice(0, -1)},"attributes":{${inner}"handoff.prompt":[${messages}]}}`;
}
