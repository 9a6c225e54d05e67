/**
 * Writes a `*.trace.jsonl` file as the run goes: one record a line, appended in batches.
 * The file is opened off the run's thread (creating a file can take most of a millisecond);
 * if it cannot be opened, `error` says why and the run goes on without its trace.
 * `onRecord` never blocks the run: records wait in a bounded queue, and once the run's
 * current task has finished (`setImmediate`), or as soon as the previous write returns,
 * everything queued goes to the OS in one write of whole lines (`writev` of the batches). A
 * run that never yields (an instant model) would hold every record until it ends; so every
 * `SERIALIZE_EVERY` records the queue is turned into UTF-8 lines at once, which lets the
 * records die young (cheap for the collector) without making the run wait for a write. When
 * the queue is full the record is dropped and counted, and a `dropped` event with the count
 * is written once there is room again (and always before `run.end`). The `run` and
 * `run.end` lines are never dropped. If the process exits with records still queued, they
 * are written synchronously on `exit`, so the file stays readable. Records are serialised
 * after they are emitted: their values must not change after that (the engine never changes
 * them).
 *
 * Serialisation is `JSON.stringify`, record by record. A hand-written serialiser for the
 * span shapes (keys pre-escaped, times formatted by hand) was measured in place and was not
 * faster: 5% slower on a chain, 10% on a supervisor's records.
 */
import { close, closeSync, open, openSync, writev, writevSync } from 'node:fs';
import { makeDirs } from '../files';
import { dirname } from 'node:path';
import type { TraceProcessor } from './processor';
import type { TraceRecord } from './records';

/** Records turned into lines at once when the run has not yielded since they arrived. */
const SERIALIZE_EVERY = 256;

export interface TraceFileWriterOptions {
  /** Most records waiting to be written; default 100,000. */
  readonly maxQueue?: number;
  readonly now?: () => number;
}

export class TraceFileWriter implements TraceProcessor {
  private fd: number | undefined;
  /**
   * `opening` until the file is open: creating a file can take most of a millisecond on a
   * slow disk, so it is opened off the run's thread and records queue meanwhile.
   */
  private state: 'opening' | 'open' | 'failed' | 'closed' = 'opening';
  private readonly opened: Promise<void>;
  private queue: TraceRecord[] = [];
  /** Queued records already turned into lines (UTF-8, a buffer per batch), and how many. */
  private encoded: Buffer[] = [];
  private encodedCount = 0;
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
    this.opened = new Promise((resolve) => {
      try {
        makeDirs(dirname(path));
      } catch (err) {
        this.state = 'failed';
        this.error = err as Error;
        resolve();
        return;
      }
      open(path, 'a', (err, fd) => {
        if (err) {
          this.state = 'failed';
          this.error ??= err;
          this.queue = [];
          this.encoded = [];
          this.encodedCount = 0;
        } else if (this.state === 'opening') {
          this.fd = fd;
          this.state = 'open';
        } else {
          close(fd, () => {}); // opened synchronously on exit meanwhile
        }
        resolve();
        if (!this.writing) this.pump();
      });
    });
    process.on('exit', this.onExit);
  }

  /** Records queued and not yet written, as records or as lines. */
  private get pending(): number {
    return this.queue.length + this.encodedCount;
  }

  onRecord(record: TraceRecord): void {
    if (this.state === 'failed' || this.state === 'closed') return;
    if (record.type === 'span' && record.phase === 'start' && !record.parentId && !this.rootSpan) this.rootSpan = record.spanId;
    const essential = record.type === 'run' || record.type === 'run.end';
    if (!essential && this.pending >= this.maxQueue) {
      this.dropped++;
      this.droppedTotal++;
      return;
    }
    if (this.dropped > 0 && (essential || this.pending < this.maxQueue / 2)) this.pushDropped();
    this.queue.push(record);
    if (this.queue.length >= SERIALIZE_EVERY) this.serializeQueue();
    this.schedule();
  }

  /** Turns the queued records into lines (a record that cannot be serialised is left out). */
  private serializeQueue(): void {
    const batch = this.queue;
    this.queue = [];
    const lines: string[] = [];
    for (const r of batch) {
      try {
        lines.push(JSON.stringify(r));
      } catch {
        // A processor must not break the run; see TraceProcessor.
      }
    }
    // Joined (the last newline too, as an empty last element) and encoded at once: the
    // batches are written together with writev, never joined into one large string (joining
    // half a megabyte of text cost ten times its encoding, mostly in fresh memory).
    if (lines.length > 0) {
      lines.push('');
      this.encoded.push(Buffer.from(lines.join('\n'), 'utf8'));
    }
    this.encodedCount += batch.length;
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

  /** Takes everything queued, as lines (a buffer per batch). */
  private takeBatch(): Buffer[] {
    this.serializeQueue();
    const data = this.encoded;
    this.encoded = [];
    this.encodedCount = 0;
    return data;
  }

  private pump(): void {
    if (this.state === 'opening') return; // the open's callback pumps
    if (this.fd === undefined || this.pending === 0) {
      this.writing = false;
      const w = this.waiters;
      this.waiters = [];
      for (const f of w) f();
      return;
    }
    this.writing = true;
    const data = this.takeBatch();
    if (data.length === 0) {
      this.pump();
      return;
    }
    // One call for every batch; libuv writes all of it (it resumes partial writes itself).
    writev(this.fd, data, null, (err) => {
      if (err && !this.error) this.error = err;
      this.pump();
    });
  }

  /** Resolves once every queued record has been written. */
  flush(): Promise<void> {
    if (this.dropped > 0) this.pushDropped();
    if (!this.writing && this.pending === 0) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.waiters.push(resolve));
    if (!this.writing) this.pump(); // no need to wait for the scheduled batch
    return done;
  }

  async shutdown(): Promise<void> {
    await this.opened;
    await this.flush();
    process.off('exit', this.onExit);
    this.state = this.state === 'failed' ? 'failed' : 'closed';
    if (this.fd !== undefined) {
      closeSync(this.fd);
      this.fd = undefined;
    }
  }

  /** Last resort on process exit: whatever is queued goes out synchronously (opening the file first if need be). */
  private flushSync(): void {
    if (this.pending === 0) return;
    if (this.state === 'opening') {
      try {
        this.fd = openSync(this.path, 'a');
        this.state = 'open';
      } catch {
        return;
      }
    }
    if (this.fd === undefined) return;
    try {
      writevSync(this.fd, this.takeBatch());
    } catch {
      // Nothing more can be done while the process exits.
    }
  }
}
