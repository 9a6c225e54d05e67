import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, ticks } from '../../../src/core/traceview/timeline';

// The axis labels a tick with its time from the run's start: ticks sit at whole steps from
// that start (0, 10 ms, 20 ms…), not at the epoch's round values (0.90 ms, 11 ms, 21 ms…).
const runStart = 1_767_225_600_123.4;

function labels(t0: number, t1: number, approx: number): string[] {
  const t = ticks({ t0, t1, width: 300 }, approx, runStart);
  return t.times.map((x) => formatDuration(Math.round((x - runStart) / t.step) * t.step));
}

test('ticks count from the run start, not from the epoch', () => {
  assert.deepEqual(labels(runStart, runStart + 23, 3), ['0 ms', '10 ms', '20 ms']);
  assert.deepEqual(labels(runStart, runStart + 1200, 3), ['0 ms', '500 ms', '1.00 s']);
});

test('a zoomed view starts at the first whole step inside it', () => {
  assert.deepEqual(labels(runStart + 7, runStart + 29, 3), ['10 ms', '20 ms']);
});

test('ticks stay on whole steps far from zero (no drift from adding up steps)', () => {
  const t = ticks({ t0: runStart, t1: runStart + 1, width: 800 }, 10, runStart);
  assert.equal(t.step, 0.1);
  assert.equal(t.times.length, 11);
  t.times.forEach((x, i) => assert.ok(Math.abs(x - runStart - i * 0.1) < 1e-3, `tick ${i} at ${x - runStart}`));
});

test('without an origin, ticks are multiples of the step', () => {
  assert.deepEqual(ticks({ t0: 3, t1: 47, width: 100 }, 5).times, [10, 20, 30, 40]);
});
