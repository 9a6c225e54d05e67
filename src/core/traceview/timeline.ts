/**
 * Timeline (waterfall) maths: a view is a time window [t0, t1] drawn over `width` pixels.
 * Zoom keeps the time under the pointer fixed; pan moves the window; both stay within the
 * trace's extent (with a little slack) and never zoom in past `minSpan` milliseconds.
 */

export interface TimeView {
  readonly t0: number;
  readonly t1: number;
  readonly width: number;
}

export interface Extent {
  readonly start: number;
  readonly end: number;
}

export const MIN_SPAN_MS = 0.05;

export function fitView(extent: Extent, width: number): TimeView {
  const len = Math.max(extent.end - extent.start, 1);
  return { t0: extent.start, t1: extent.start + len, width: Math.max(1, width) };
}

export function timeToX(view: TimeView, t: number): number {
  return ((t - view.t0) / (view.t1 - view.t0)) * view.width;
}

export function xToTime(view: TimeView, x: number): number {
  return view.t0 + (x / view.width) * (view.t1 - view.t0);
}

/** The bar of a span: left edge and width in pixels, clipped to the view, at least 1 px wide. */
export function barOf(view: TimeView, start: number, end: number): { x: number; w: number } | undefined {
  if (end < view.t0 || start > view.t1) return undefined;
  const x0 = Math.max(0, timeToX(view, start));
  const x1 = Math.min(view.width, timeToX(view, end));
  return { x: x0, w: Math.max(1, x1 - x0) };
}

/** Zooms by `factor` (> 1 zooms in) around pixel `anchorX`, clamped to the extent. */
export function zoomAt(view: TimeView, anchorX: number, factor: number, extent: Extent): TimeView {
  const anchorT = xToTime(view, anchorX);
  const full = Math.max(extent.end - extent.start, 1);
  let span = (view.t1 - view.t0) / factor;
  span = Math.min(Math.max(span, MIN_SPAN_MS), full);
  const frac = anchorX / view.width;
  let t0 = anchorT - frac * span;
  t0 = clampStart(t0, span, extent);
  return { t0, t1: t0 + span, width: view.width };
}

/** Moves the window by `dx` pixels (positive: later in time), clamped to the extent. */
export function panBy(view: TimeView, dx: number, extent: Extent): TimeView {
  const span = view.t1 - view.t0;
  const t0 = clampStart(view.t0 + (dx / view.width) * span, span, extent);
  return { t0, t1: t0 + span, width: view.width };
}

function clampStart(t0: number, span: number, extent: Extent): number {
  const lo = extent.start;
  const hi = Math.max(extent.start, extent.end - span);
  return Math.min(Math.max(t0, lo), hi);
}

/**
 * Tick marks at a "nice" step (1, 2 or 5 × 10^n ms) giving about `approx` ticks, at whole
 * multiples of the step counted from `origin` (the run's start: the axis reads 0, 10 ms,
 * 20 ms…, not the epoch's round values shown relative to the run).
 */
export function ticks(view: TimeView, approx = 8, origin = 0): { step: number; times: number[] } {
  const span = view.t1 - view.t0;
  const raw = span / Math.max(1, approx);
  const pow = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  const times: number[] = [];
  // Multiples of the step (not a running sum, which drifts) within the view, with a little
  // slack for rounding so a tick at the view's very edge is kept.
  const eps = step * 1e-9;
  const first = Math.ceil((view.t0 - origin - eps) / step);
  for (let k = first; times.length < 1000; k++) {
    const t = origin + k * step;
    if (t > view.t1 + eps) break;
    times.push(t);
  }
  return { step, times };
}

/**
 * When a run started (ISO 8601 in the trace, UTC) as local time for people: `2026-11-24 15:31`,
 * with `seconds` `2026-11-24 15:31:07`. Where local time is UTC it says so (`… 15:31 UTC`):
 * that is the usual zone of a remote extension host (SSH, containers), whose times would
 * otherwise pass for the user's own. Text that is no date is shown as it is.
 */
export function formatStartedAt(iso: string, seconds = false): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number): string => String(n).padStart(2, '0');
  const zone = d.getTimezoneOffset() === 0 ? ' UTC' : '';
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}${seconds ? `:${p(d.getSeconds())}` : ''}${zone}`;
}

/** A duration for people: `850 ms`, `1.25 s`, `2 min 5 s`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms === 0) return '0 ms';
  if (Math.abs(ms) < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return `${m} min ${s} s`;
}
