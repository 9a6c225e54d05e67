import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { barOf, fitView, formatDuration, formatStartedAt, panBy, ticks, timeToX, xToTime, zoomAt } from '../../../src/core/traceview';

const extent = { start: 1000, end: 2000 };

test('fit shows the whole extent over the width', () => {
  const v = fitView(extent, 500);
  assert.equal(timeToX(v, 1000), 0);
  assert.equal(timeToX(v, 2000), 500);
  assert.equal(xToTime(v, 250), 1500);
});

test('zoom keeps the time under the pointer in place', () => {
  const v = fitView(extent, 500);
  const z = zoomAt(v, 100, 4, extent);
  assert.equal(z.t1 - z.t0, 250);
  assert.ok(Math.abs(xToTime(z, 100) - xToTime(v, 100)) < 1e-9);
});

test('zoom out never shows more than the extent and pan stays inside it', () => {
  const v = fitView(extent, 500);
  const out = zoomAt(v, 250, 0.1, extent);
  assert.deepEqual([out.t0, out.t1], [1000, 2000]);
  const z = zoomAt(v, 0, 10, extent);
  const right = panBy(z, 1e6, extent);
  assert.equal(right.t1, 2000);
  const left = panBy(z, -1e6, extent);
  assert.equal(left.t0, 1000);
});

test('zoom in stops at the minimum span', () => {
  let v = fitView(extent, 500);
  for (let i = 0; i < 100; i++) v = zoomAt(v, 250, 10, extent);
  assert.ok(v.t1 - v.t0 >= 0.05 - 1e-12);
});

test('bars are clipped to the view and at least a pixel wide', () => {
  const v = { t0: 1000, t1: 1100, width: 100 };
  assert.deepEqual(barOf(v, 1050, 1200), { x: 50, w: 50 });
  assert.equal(barOf(v, 1200, 1300), undefined);
  assert.equal(barOf(v, 1010, 1010)!.w, 1);
});

test('ticks fall on nice steps', () => {
  const t = ticks({ t0: 0, t1: 1000, width: 800 }, 8);
  assert.equal(t.step, 200);
  assert.deepEqual(t.times, [0, 200, 400, 600, 800, 1000]);
  assert.equal(ticks({ t0: 3, t1: 7, width: 100 }, 4).step, 1);
});

test('durations read well', () => {
  assert.equal(formatDuration(850), '850 ms');
  assert.equal(formatDuration(0), '0 ms');
  assert.equal(formatDuration(0.25), '0.25 ms');
  assert.equal(formatDuration(1250), '1.25 s');
  assert.equal(formatDuration(125_000), '2 min 5 s');
  assert.equal(formatDuration(undefined), '—');
});

test('a run start shows as local time, marked UTC where local time is UTC; text that is no date stays as it is', () => {
  const tz = process.env.TZ;
  try {
    process.env.TZ = 'Asia/Kolkata'; // UTC+5:30, no daylight saving time
    assert.equal(formatStartedAt('2026-11-24T15:31:07.250Z'), '2026-11-24 21:01');
    assert.equal(formatStartedAt('2026-11-24T20:00:00Z', true), '2026-11-25 01:30:00');
    process.env.TZ = 'UTC';
    assert.equal(formatStartedAt('2026-01-01T00:00:00.000Z', true), '2026-01-01 00:00:00 UTC');
    process.env.TZ = 'Europe/London'; // UTC in winter, UTC+1 in summer
    assert.equal(formatStartedAt('2026-01-01T00:00:00.000Z'), '2026-01-01 00:00 UTC');
    assert.equal(formatStartedAt('2026-07-01T00:00:00.000Z'), '2026-07-01 01:00');
  } finally {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  }
  assert.equal(formatStartedAt('not a date'), 'not a date');
});
