/**
 * A tiny test runner for code that must run inside the extension host: named async tests,
 * each with a timeout, run one after another. Test files call `test()` at import time;
 * the suite entry imports every `tests/*.test.ts` and then calls `runAll()`.
 */
export interface TestOptions {
  /** Milliseconds before the test fails as timed out. */
  timeout?: number;
}

export interface TestResult {
  name: string;
  ok: boolean;
  error?: string;
  duration: number;
}

interface Registered {
  name: string;
  fn: () => Promise<void> | void;
  timeout: number;
}

const DEFAULT_TIMEOUT_MS = 20_000;
const registered: Registered[] = [];

/** Registers a test. Names must be unique across the suite. */
export function test(name: string, fn: () => Promise<void> | void, options: TestOptions = {}): void {
  if (registered.some((t) => t.name === name)) throw new Error(`duplicate test name: ${name}`);
  registered.push({ name, fn, timeout: options.timeout ?? DEFAULT_TIMEOUT_MS });
}

function withTimeout(p: Promise<void>, ms: number, name: string): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${name}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.stack ?? err.message;
  return String(err);
}

/** Called before each test starts, with the results so far: lets a driver see progress. */
export type ProgressListener = (done: readonly TestResult[], running: string) => void;

/** Runs every registered test in order (or those whose name contains `filter`). */
export async function runAll(filter?: string, onProgress?: ProgressListener): Promise<TestResult[]> {
  const results: TestResult[] = [];
  for (const t of registered) {
    if (filter && !t.name.includes(filter)) continue;
    onProgress?.(results, t.name);
    const started = Date.now();
    try {
      await withTimeout(Promise.resolve().then(t.fn), t.timeout, t.name);
      results.push({ name: t.name, ok: true, duration: Date.now() - started });
    } catch (err) {
      results.push({ name: t.name, ok: false, error: describe(err), duration: Date.now() - started });
    }
  }
  return results;
}

export function registeredCount(): number {
  return registered.length;
}
