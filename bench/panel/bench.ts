/**
 * The trace panel benchmark (issue 6):
 *  1. open traces of 10,000 and 100,000 spans: time from the first message to the first
 *     paint of the tree in the webview (budget 0.5 s and 2 s), plus the extension host's
 *     read of the file (parseTrace) for reference;
 *  2. scroll the 100,000-span tree from top to bottom: frames over 50 ms (budget none);
 *  3. live feed of 1,000 spans a second for 30 s: the host side (TraceSession + coalescer,
 *     in Node, posting serialised messages) must stay under 500 MB; the webview's frames are
 *     measured while it applies the feed.
 *   npx tsx bench/panel/bench.ts [--live-seconds N]   → bench/panel/results.json
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TraceRecord } from '../../src/core/tracing/records';
import type { ToWebview } from '../../src/shared/protocol';
import { TraceSession } from '../../src/extension/panel/session';
import { launch, openPanel, repo, send, startServer } from './harness';

const liveArg = process.argv.indexOf('--live-seconds');
const LIVE_SECONDS = liveArg > 0 ? Number(process.argv[liveArg + 1]) : 30;

interface Synth {
  synthTrace(spans: number): TraceRecord[];
  toJsonl(r: TraceRecord[]): string;
}

async function main(): Promise<void> {
  const { synthTrace, toJsonl } = (await import('../../test/fixtures/traces/make.mjs')) as Synth;
  const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version };
  const { origin, server } = await startServer();
  const browser = await launch();
  try {
    for (const n of [10_000, 100_000]) {
      const records = synthTrace(n);
      const spans = records.filter((r) => r.type === 'span' && r.phase === 'start').length;
      const text = toJsonl(records);
      // The host side of opening a file: the session cuts the text into messages.
      const hostMsgs: ToWebview[] = [];
      const h0 = performance.now();
      const fileSession = new TraceSession(() => ({ type: 'init', mode: 'file', prices: {}, rerun: { enabled: false, reason: 'x' } }));
      fileSession.attach({ post: (m: ToWebview) => (hostMsgs.push(JSON.parse(JSON.stringify(m)) as ToWebview), Promise.resolve(true)) });
      fileSession.onReady();
      fileSession.loadText({ title: `synth ${n}` }, text);
      const hostParseMs = performance.now() - h0;
      const p = await openPanel(browser, origin, 'dark', { width: 1280, height: 800 });
      const msgs = hostMsgs;
      // The messages are put into the page first (the harness's transfer is not measured).
      await p.evaluate((ms) => ((window as unknown as { __msgs: unknown[] }).__msgs = ms), msgs);
      const firstPaintMs = await p.evaluate(async (expected) => {
        const w = window as unknown as { __msgs: unknown[] };
        const t0 = performance.now();
        for (const m of w.__msgs) window.postMessage(m, '*');
        await new Promise<void>((resolve) => {
          const check = (): void => {
            if (document.body.dataset['loaded'] === String(expected) && document.querySelector('.row:not([hidden])')) resolve();
            else requestAnimationFrame(check);
          };
          check();
        });
        // The frame with the rows is painted at the next animation frame.
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        return performance.now() - t0;
      }, records.length);
      const rowsInDom = await p.locator('.row').count();
      let scroll: unknown;
      if (n === 100_000) {
        scroll = await p.evaluate(async () => {
          const el = document.querySelector('.tree-scroll') as HTMLElement;
          const frames: number[] = [];
          let last = performance.now();
          const total = el.scrollHeight - el.clientHeight;
          const steps = 300;
          for (let i = 1; i <= steps; i++) {
            el.scrollTop = (total * i) / steps;
            await new Promise((r) => requestAnimationFrame(r));
            const now = performance.now();
            frames.push(now - last);
            last = now;
          }
          frames.sort((a, b) => a - b);
          return { frames: frames.length, maxMs: frames[frames.length - 1], p95Ms: frames[Math.floor(frames.length * 0.95)], over50: frames.filter((f) => f > 50).length, scrollHeight: el.scrollHeight };
        });
      }
      results[`open${n}`] = { spans, records: records.length, bytes: text.length, hostMs: Math.round(hostParseMs), messages: msgs.length, firstPaintMs: Math.round(firstPaintMs), rowsInDom, scroll };
      console.log(`open ${spans} spans: host ${hostParseMs.toFixed(0)} ms (${msgs.length} messages, serialised), webview first paint ${firstPaintMs.toFixed(0)} ms, ${rowsInDom} rows in the DOM`, scroll ? JSON.stringify(scroll) : '');
      await p.close();
    }

    // Live feed: 1,000 spans a second. Host side in Node; webview side in Chromium.
    const liveRecords = synthTrace(LIVE_SECONDS * 1000 + 10);
    const startCount = (rs: TraceRecord[]): number => rs.filter((r) => r.type === 'span' && r.phase === 'start').length;
    const p = await openPanel(browser, origin, 'dark', { width: 1280, height: 800 });
    await send(p, [{ type: 'init', mode: 'live', prices: {}, rerun: { enabled: false, reason: 'x' } }]);
    let posted = 0;
    let bytes = 0;
    const pending: string[] = [];
    const fakeChannel = {
      post(msg: ToWebview) {
        const s = JSON.stringify(msg); // VS Code serialises every message.
        posted++;
        bytes += s.length;
        pending.push(s);
        return Promise.resolve(true);
      },
    };
    const session = new TraceSession(() => ({ type: 'init', mode: 'live', prices: {}, rerun: { enabled: false, reason: 'x' } }));
    session.attach(fakeChannel);
    session.onReady();
    session.begin({ title: 'live' }, true);
    const rssStart = process.memoryUsage().rss;
    let peakRss = rssStart;
    await p.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __stop: boolean };
      w.__frames = [];
      w.__stop = false;
      let last = performance.now();
      const loop = (): void => {
        const now = performance.now();
        w.__frames.push(now - last);
        last = now;
        if (!w.__stop) requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
    });
    const perTick = Math.ceil(liveRecords.length / (LIVE_SECONDS * 100));
    const t0 = Date.now();
    let i = 0;
    while (i < liveRecords.length) {
      // 100 pushes a second, as records come from a busy engine.
      const due = Math.min(liveRecords.length, Math.floor(((Date.now() - t0) / 1000) * 100) * perTick + perTick);
      if (due > i) {
        session.push(liveRecords.slice(i, due));
        i = due;
      }
      if (pending.length) {
        const batch = pending.splice(0);
        await p.evaluate((ss) => {
          for (const s of ss) window.postMessage(JSON.parse(s), '*');
        }, batch);
      }
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      await new Promise((r) => setTimeout(r, 10));
    }
    session.end();
    if (pending.length) await p.evaluate((ss) => ss.forEach((s) => window.postMessage(JSON.parse(s), '*')), pending.splice(0));
    const seconds = (Date.now() - t0) / 1000;
    const web = await p.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __stop: boolean };
      w.__stop = true;
      const f = [...w.__frames].sort((a, b) => a - b);
      const mem = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
      return { frames: f.length, maxMs: f[f.length - 1], p95Ms: f[Math.floor(f.length * 0.95)], over50: f.filter((x) => x > 50).length, heapMB: mem ? Math.round(mem.usedJSHeapSize / 1e6) : undefined, rows: document.querySelectorAll('.row').length };
    });
    results['live'] = {
      spans: startCount(liveRecords),
      seconds: Number(seconds.toFixed(1)),
      spansPerSecond: Math.round(startCount(liveRecords) / seconds),
      messagesPosted: posted,
      messagesPerSecond: Number((posted / seconds).toFixed(1)),
      megabytesPosted: Number((bytes / 1e6).toFixed(1)),
      hostRssStartMB: Math.round(rssStart / 1e6),
      hostPeakRssMB: Math.round(peakRss / 1e6),
      webview: web,
    };
    console.log('live', JSON.stringify(results['live']));
    session.dispose();
    await p.close();
  } finally {
    await browser.close();
    server.close();
  }
  writeFileSync(join(repo, 'bench/panel/results.json'), JSON.stringify(results, null, 2) + '\n');
}

void main();
