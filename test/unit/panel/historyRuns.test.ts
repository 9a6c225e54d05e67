// The trace panel's History (and the workflow's CodeLens reliability) finds the runs of the
// workflow asked for however many traces other workflows wrote since: it picks them by each
// trace's first line, and reads whole only the newest MAX_RUNS of them.
import { strict as assert } from 'node:assert';
import { promises as fsPromises, mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

/** The little of the `vscode` API the history reads: folders, files, settings. */
class Uri {
  private constructor(readonly fsPath: string) {}
  readonly scheme = 'file';
  static file(p: string): Uri {
    return new Uri(p);
  }
  static joinPath(u: Uri, ...parts: string[]): Uri {
    return new Uri(join(u.fsPath, ...parts));
  }
  toString(): string {
    return pathToFileURL(this.fsPath).toString();
  }
}

/** The files read whole (through `workspace.fs.readFile`), and how many files were stat'ed. */
const readWhole: string[] = [];
let stats = 0;
let folders: { uri: Uri }[] = [];
const vscodeStub = {
  Uri,
  FileType: { File: 1, Directory: 2 },
  workspace: {
    get workspaceFolders() {
      return folders;
    },
    getWorkspaceFolder: (u: Uri) => folders.find((f) => u.fsPath.startsWith(f.uri.fsPath)),
    getConfiguration: () => ({ get: <T>(_key: string, fallback: T): T => fallback }),
    fs: {
      readDirectory: async (u: Uri): Promise<[string, number][]> =>
        (await fsPromises.readdir(u.fsPath, { withFileTypes: true })).map((d) => [d.name, d.isFile() ? 1 : 2]),
      stat: async (u: Uri) => {
        stats++;
        const s = await fsPromises.stat(u.fsPath);
        return { mtime: s.mtimeMs, size: s.size, type: 1, ctime: s.ctimeMs };
      },
      readFile: async (u: Uri): Promise<Uint8Array> => {
        readWhole.push(u.fsPath);
        return fsPromises.readFile(u.fsPath);
      },
    },
  },
};
type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
const loader = Module as unknown as { _load: Loader };
const load = loader._load;
loader._load = function (this: unknown, request, parent, isMain) {
  return request === 'vscode' ? vscodeStub : load.call(this, request, parent, isMain);
};
// Loaded once the stub answers for `vscode`.
const history = createRequire(__filename)('../../../src/extension/panel/history') as typeof import('../../../src/extension/panel/history');

const T0 = Date.parse('2026-01-01T00:00:00Z');

/** A trace of one run of `workflow` with one step, its file's mtime `when` (ms). */
function writeTrace(dir: string, name: string, workflow: string, defFile: string, when: number, steps = 1): void {
  const lines = [JSON.stringify({ type: 'run', runId: name, workflow, file: defFile, startedAt: new Date(when).toISOString(), input: { x: 1 }, handoffVersion: '0.1.0' })];
  lines.push(JSON.stringify({ type: 'span', phase: 'start', spanId: 'w', kind: 'workflow', name: workflow, start: 0, attributes: {} }));
  for (let i = 0; i < steps; i++) {
    lines.push(JSON.stringify({ type: 'span', phase: 'start', spanId: `s${i}`, parentId: 'w', kind: 'step', name: `s${i}`, start: i, attributes: {} }));
    lines.push(JSON.stringify({ type: 'span', phase: 'end', spanId: `s${i}`, end: i + 1, status: 'ok', attributes: {} }));
  }
  lines.push(JSON.stringify({ type: 'span', phase: 'end', spanId: 'w', end: steps + 1, status: 'ok', attributes: {} }));
  lines.push(JSON.stringify({ type: 'run.end', status: 'ok', endedAt: new Date(when + 1000).toISOString() }));
  const path = join(dir, `${name}.trace.jsonl`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  utimesSync(path, when / 1000, when / 1000);
}

test('the runs of a workflow are found when another workflow wrote more newer traces than are ever read whole', async () => {
  const root = mkdtempSync(join(tmpdir(), 'handoff-history-'));
  const dir = join(root, '.handoff', 'runs');
  mkdirSync(dir, { recursive: true });
  const chainDef = join(root, 'chain.agents.yaml');
  const fanDef = join(root, 'fan.agents.yaml');
  // 3 older runs of chain, then 260 newer runs of fan (the old cut kept the newest 200 files).
  for (let k = 0; k < 3; k++) writeTrace(dir, `chain-${k}`, 'chain', chainDef, T0 + k * 60_000, 2);
  for (let k = 0; k < 260; k++) writeTrace(dir, `fan-${String(k).padStart(3, '0')}`, 'fan', fanDef, T0 + 86_400_000 + k * 60_000);
  folders = [{ uri: Uri.file(root) }];
  readWhole.length = 0;

  const chain = await history.loadRuns({ kind: 'workflow', name: 'chain', file: chainDef }, [Uri.file(dir)] as never);
  assert.deepEqual(chain.map((r) => r.run.runId), ['chain-0', 'chain-1', 'chain-2'], 'all three, oldest first');
  assert.equal(chain[0]!.status, 'ok');
  assert.deepEqual(readWhole.map((p) => p.slice(dir.length + 1)).sort(), ['chain-0.trace.jsonl', 'chain-1.trace.jsonl', 'chain-2.trace.jsonl'],
    'only the runs listed are read whole; the others only up to their run record');
  const message = history.historyMessage('chain', chain);
  assert.equal(message.type === 'history' && message.runs.length, 3);

  // The CodeLens figure (the workspace folder's trace directory) counts them too.
  const lens = await history.workflowReliability('chain', undefined, chainDef);
  assert.ok(lens, 'the CodeLens has a reliability figure');
  assert.match(`${lens.title} ${lens.tooltip}`, /\b3 (recorded )?runs?\b/);

  // The other workflow: its newest 50, oldest first.
  readWhole.length = 0;
  const fan = await history.loadRuns({ kind: 'workflow', name: 'fan' }, [Uri.file(dir)] as never);
  assert.equal(fan.length, 50);
  assert.equal(fan[0]!.run.runId, 'fan-210');
  assert.equal(fan[49]!.run.runId, 'fan-259');
  assert.equal(readWhole.length, 50);

  // Asked again, nothing unchanged is read whole again.
  readWhole.length = 0;
  assert.equal((await history.loadRuns({ kind: 'workflow', name: 'chain', file: chainDef }, [Uri.file(dir)] as never)).length, 3);
  assert.equal(readWhole.length, 0);
  // A run of another definition file of the same name is not one of them.
  assert.equal((await history.loadRuns({ kind: 'workflow', name: 'chain', file: join(root, 'other.agents.yaml') }, [Uri.file(dir)] as never)).length, 0);
  assert.equal((await history.loadRuns({ kind: 'agent', name: 'chain' }, [Uri.file(dir)] as never)).length, 0);
});

test('a trace whose first record is not a run record, or that is torn or empty, is no run', async () => {
  const root = mkdtempSync(join(tmpdir(), 'handoff-history-'));
  const dir = join(root, 'runs');
  mkdirSync(dir);
  const def = join(root, 'w.agents.yaml');
  writeTrace(dir, 'good', 'w', def, T0);
  const run = JSON.stringify({ type: 'run', runId: 'x', workflow: 'w', file: def, startedAt: new Date(T0).toISOString(), input: null, handoffVersion: '0.1.0' });
  writeFileSync(join(dir, 'span-first.trace.jsonl'), `${JSON.stringify({ type: 'span', phase: 'start', spanId: 'a', kind: 'step', name: 'a', start: 0, attributes: {} })}\n${run}\n`);
  writeFileSync(join(dir, 'torn.trace.jsonl'), run.slice(0, 40));
  writeFileSync(join(dir, 'empty.trace.jsonl'), '');
  // A blank line and a byte-order mark before the run record do not hide it (as a whole read takes it).
  writeFileSync(join(dir, 'blank-first.trace.jsonl'), `\ufeff\n${run.replace('"x"', '"y"')}\n`);
  // A run record with no newline after it (a run that has just started) is a run.
  writeFileSync(join(dir, 'one-line.trace.jsonl'), run.replace('"x"', '"z"'));
  const runs = await history.loadRuns('w', [Uri.file(dir)] as never);
  assert.deepEqual(runs.map((r) => r.run.runId).sort(), ['good', 'y', 'z']);
});

test('a replay counts in no reliability figure and is marked in the history; a rerun counts only its live calls', async () => {
  const root = mkdtempSync(join(tmpdir(), 'handoff-history-'));
  const dir = join(root, '.handoff', 'runs');
  mkdirSync(dir, { recursive: true });
  const def = join(root, 'support.agents.yaml');
  const fixtures = join(__dirname, '..', '..', 'fixtures', 'traces');
  const at = (text: string, runId: string, when: number): string =>
    text.replace(/"runId":"[^"]*"/, `"runId":"${runId}"`).replace(/"startedAt":"[^"]*"/, `"startedAt":"${new Date(when).toISOString()}"`);
  const rerun = readFileSync(join(fixtures, 'rerun.trace.jsonl'), 'utf8');
  // The run the replay and the rerun came from: every call live.
  writeFileSync(join(dir, 'live.trace.jsonl'), at(rerun.replaceAll('"gen_ai.provider.name":"replay"', '"gen_ai.provider.name":"scripted"'), 'live', T0));
  writeFileSync(join(dir, 'replay.trace.jsonl'), at(readFileSync(join(fixtures, 'replay.trace.jsonl'), 'utf8'), 'replay', T0 + 60_000));
  writeFileSync(join(dir, 'rerun.trace.jsonl'), at(rerun, 'rerun', T0 + 120_000));
  folders = [{ uri: Uri.file(root) }];

  const runs = await history.loadRuns({ kind: 'workflow', name: 'support', file: def }, [Uri.file(dir)] as never);
  assert.deepEqual(runs.map((r) => r.run.runId), ['live', 'replay', 'rerun']);
  const message = history.historyMessage('support', runs);
  assert.ok(message.type === 'history');
  assert.deepEqual(message.runs.map((r) => r.replay), [undefined, 'all', 'some']);
  // The triager's violation (repaired by a retry) counts once: in the live run, not in its replays.
  assert.deepEqual(message.runs.map((r) => r.violations), [1, 0, 0]);
  // The triager ran live once: one outcome, not three.
  assert.equal(message.agents.find((a) => a.agent === 'triager')?.total, 1);
  assert.equal(message.agents.find((a) => a.agent === 'writer')?.total, 2, 'the rerun called the writer live');
  const lens = await history.workflowReliability('support', undefined, def);
  assert.ok(lens);
  assert.match(lens.title, /over 2 runs/, 'the replay is not one of the runs counted');
});

test('the CodeLens of several workflows lists the trace folder once, not once a workflow', async () => {
  const root = mkdtempSync(join(tmpdir(), 'handoff-history-'));
  const dir = join(root, '.handoff', 'runs');
  mkdirSync(dir, { recursive: true });
  const def = join(root, 'w.agents.yaml');
  for (let k = 0; k < 30; k++) writeTrace(dir, `w${k % 3}-${k}`, `w${k % 3}`, def, T0 + k * 60_000);
  folders = [{ uri: Uri.file(root) }];
  stats = 0;
  const listing = history.listTraceFiles();
  const lenses = await Promise.all(['w0', 'w1', 'w2'].map((w) => history.workflowReliability(w, undefined, def, listing)));
  assert.ok(lenses.every((l) => l && /\b10 (recorded )?runs\b/.test(`${l.title} ${l.tooltip}`)), JSON.stringify(lenses));
  assert.equal(stats, 30, 'each trace file stat\'ed once for the three workflows');
  stats = 0;
  await history.workflowReliability('w0', undefined, def);
  assert.equal(stats, 30, 'without a listing, one of its own');
});
