/**
 * The Recent Runs rows say when a run started relative to now, and say it right again when
 * asked later; the refresh that keeps them right runs only while the view is visible.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { relativeTime } from '../../../src/extension/views/relativeTime';
import { refreshWhileVisible, type Timers, type VisibleView } from '../../../src/extension/views/whileVisible';
import { formatStartedAt } from '../../../src/core/traceview/timeline';

// Local times, so that "yesterday" means the same in every time zone the tests run in.
const at = (day: number, h: number, m = 0, s = 0) => new Date(2026, 0, day, h, m, s).getTime();
const iso = (t: number) => new Date(t).toISOString();

test('relative time: minutes, hours, yesterday, days, then the date', () => {
  const now = at(15, 10, 0);
  assert.equal(relativeTime(iso(at(15, 9, 59, 30)), now), 'just now');
  assert.equal(relativeTime(iso(at(15, 9, 58)), now), '2 min ago');
  assert.equal(relativeTime(iso(at(15, 9, 0, 1)), now), '59 min ago');
  assert.equal(relativeTime(iso(at(15, 7, 0)), now), '3 h ago');
  assert.equal(relativeTime(iso(at(14, 23, 0)), now), '11 h ago', 'late last night is hours ago in the morning');
  assert.equal(relativeTime(iso(at(14, 9, 0)), now), 'yesterday');
  assert.equal(relativeTime(iso(at(12, 10, 0)), now), '3 days ago');
  assert.equal(relativeTime(iso(at(1, 10, 0)), now), formatStartedAt(iso(at(1, 10, 0))), 'over a week: the date');
});

test('relative time: the same start says more as time passes', () => {
  const started = iso(at(15, 10, 0));
  assert.deepEqual(
    [at(15, 10, 0, 20), at(15, 10, 2), at(15, 12, 30), at(16, 11, 0), at(18, 9, 0)].map((now) => relativeTime(started, now)),
    ['just now', '2 min ago', '2 h ago', 'yesterday', '3 days ago'],
  );
});

test('relative time: a time it cannot read is shown as recorded; one in the future by more than a minute as a date', () => {
  assert.equal(relativeTime('not a time', at(15, 10)), 'not a time');
  assert.equal(relativeTime(iso(at(15, 10, 0, 30)), at(15, 10)), 'just now', 'a clock a little behind');
  assert.equal(relativeTime(iso(at(15, 11)), at(15, 10)), formatStartedAt(iso(at(15, 11))));
});

function fakes(visible: boolean) {
  let listener: ((e: { visible: boolean }) => unknown) | undefined;
  const view: VisibleView & { set(v: boolean): void } = {
    visible,
    onDidChangeVisibility: (l) => {
      listener = l;
      return { dispose: () => (listener = undefined) };
    },
    set(v: boolean) {
      this.visible = v;
      listener?.({ visible: v });
    },
  } as VisibleView & { set(v: boolean): void; visible: boolean };
  const running = new Map<number, () => void>();
  let next = 0;
  const timers: Timers = {
    setInterval: (fn) => {
      running.set(++next, fn);
      return next;
    },
    clearInterval: (h) => void running.delete(h as number),
  };
  const tick = () => [...running.values()].forEach((fn) => fn());
  return { view, timers, running, tick, listening: () => listener !== undefined };
}

test('refresh while visible: ticks only while the view is visible, refreshes once when shown again, stops on dispose', () => {
  const f = fakes(true);
  let refreshed = 0;
  const r = refreshWhileVisible(f.view, 60_000, () => refreshed++, f.timers);
  assert.equal(f.running.size, 1, 'visible from the start: one timer');
  f.tick();
  assert.equal(refreshed, 1);
  f.view.set(false);
  assert.equal(f.running.size, 0, 'hidden: no timer');
  f.view.set(true);
  assert.equal(refreshed, 2, 'shown again: refreshed at once');
  assert.equal(f.running.size, 1);
  f.view.set(true);
  assert.equal(f.running.size, 1, 'one timer, however often it is shown');
  r.dispose();
  assert.equal(f.running.size, 0);
  assert.equal(f.listening(), false);
});

test('refresh while visible: a view hidden at first starts no timer until it is shown', () => {
  const f = fakes(false);
  let refreshed = 0;
  const r = refreshWhileVisible(f.view, 60_000, () => refreshed++, f.timers);
  assert.equal(f.running.size, 0);
  f.view.set(true);
  assert.equal(f.running.size, 1);
  assert.equal(refreshed, 1);
  r.dispose();
});
