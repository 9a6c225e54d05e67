import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const main = new URL('../../../src/cli/main.ts', import.meta.url).pathname;
// tsx is resolved from the repository, since the command runs in a temporary directory.
const tsx = new URL('../../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

function run(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', tsx, main, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-check-'));
  mkdirSync(join(dir, 'defs'));
  mkdirSync(join(dir, 'node_modules'));
  mkdirSync(join(dir, '.hidden'));
  const bad = 'handoff: 1\nagents:\n  a:\n    input: Tickt\n';
  writeFileSync(join(dir, 'defs', 'bad.agents.yaml'), `${bad}contracts:\n  Ticket: { version: 1, schema: { type: object } }\n`);
  writeFileSync(join(dir, 'defs', 'good.agents.yml'), 'handoff: 1\n');
  writeFileSync(join(dir, 'node_modules', 'x.agents.yaml'), bad);
  writeFileSync(join(dir, '.hidden', 'x.agents.yaml'), bad);
  writeFileSync(join(dir, 'ok.agents.yaml'), 'handoff: 1\n');
  return dir;
}

describe('handoff check', () => {
  const dir = workspace();
  it('prints file:line:col severity code message and exits 1 on errors, skipping node_modules and dot-directories', () => {
    const r = run(['check'], dir);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, "defs/bad.agents.yaml:4:12 error unknown-ref no contract named 'Tickt'; did you mean 'Ticket'?\n");
    assert.match(r.stderr, /checked 3 files: 1 error, 0 warnings, 0 infos/);
  });
  it('prints infos and counts them, and they do not fail the check', () => {
    const infos = new URL('../../../test/fixtures/definitions/slow-pattern.agents.yaml', import.meta.url).pathname;
    const r = run(['check', infos], dir);
    assert.equal(r.status, 0);
    assert.equal(r.stdout.split('\n').filter((l) => / info slow-pattern /.test(l)).length, 3);
    assert.match(r.stderr, /checked 1 file: 0 errors, 0 warnings, 3 infos/);
  });
  it('prints one JSON array with --json', () => {
    const r = run(['check', 'defs', '--json'], dir);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    assert.deepEqual(rows, [
      { file: 'defs/bad.agents.yaml', line: 4, column: 12, endLine: 4, endColumn: 17, severity: 'error', code: 'unknown-ref', message: "no contract named 'Tickt'; did you mean 'Ticket'?" },
    ]);
    assert.equal(r.status, 1);
  });
  it('keeps each diagnostic on one line: a newline in a name is escaped, not a line of its own', () => {
    const dir = mkdtempSync(join(tmpdir(), 'handoff-check-'));
    writeFileSync(join(dir, 'inj.agents.yaml'), 'handoff: 1\nworkflows:\n  w:\n    steps:\n      s: { agent: "x\\nother.agents.yaml:1:1 warning unused-step harmless" }\n');
    const r = run(['check', 'inj.agents.yaml'], dir);
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.ok(lines.every((l) => l.startsWith('inj.agents.yaml:')), r.stdout);
    assert.ok(lines.some((l) => l.includes("no agent named 'x\\nother.agents.yaml:1:1 warning unused-step harmless'")), r.stdout);
  });

  it('exits 0 when there are no errors', () => {
    assert.equal(run(['check', 'ok.agents.yaml'], dir).status, 0);
  });
  it('exits 2 on bad usage', () => {
    const r = run(['check', '--jsn'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown option --jsn/);
    const help = run(['check', '--help'], dir);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^usage: handoff check/);
  });
  it('handoff with no command, or an option where the command goes, is bad usage: the usage goes to stderr, exit 2', () => {
    const none = run([], dir);
    assert.deepEqual([none.status, none.stdout], [2, '']);
    assert.match(none.stderr, /^handoff: name a command\n\n.*Usage:/s);
    const option = run(['--verbose'], dir);
    assert.equal(option.status, 2);
    assert.match(option.stderr, /^handoff: unknown option --verbose; options follow a command/);
  });
  it('reports a path it cannot read as an error of its own, and checks the rest', () => {
    const d = workspace();
    symlinkSync('nowhere.agents.yaml', join(d, 'defs', 'gone.agents.yaml'));
    symlinkSync('..', join(d, 'defs', 'up')); // a loop: walked once
    const r = run(['check', '.', 'nope'], d);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(
      r.stdout,
      [
        'defs/bad.agents.yaml:4:12 error unknown-ref no contract named \'Tickt\'; did you mean \'Ticket\'?',
        'defs/gone.agents.yaml:1:1 error unreadable cannot read defs/gone.agents.yaml: no such file or directory',
        'nope:1:1 error unreadable cannot read nope: no such file or directory',
        '',
      ].join('\n'),
    );
    assert.match(r.stderr, /checked 3 files: 3 errors/);
    const json = JSON.parse(run(['check', 'nope', '--json'], d).stdout) as { code: string; file: string }[];
    assert.deepEqual(json.map((x) => [x.file, x.code]), [['nope', 'unreadable']]);
  });
  it('reports a definition file that is not UTF-8 as unreadable, saying where, instead of checking replacement characters', () => {
    const d = workspace();
    writeFileSync(join(d, 'defs', 'latin1.agents.yaml'), Buffer.from('handoff: 1\ncontracts:\n  C: { version: 1, schema: { enum: ["caf\xe9"] } }\n', 'latin1'));
    const r = run(['check', 'defs/latin1.agents.yaml'], d);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stdout, 'defs/latin1.agents.yaml:1:1 error unreadable cannot read defs/latin1.agents.yaml: it is not UTF-8 text: byte 0xE9 at line 3, column 41 (save it as UTF-8)\n');
  });
});
