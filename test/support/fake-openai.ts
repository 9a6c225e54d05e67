/**
 * A real HTTP server that speaks Chat Completions (streaming and not), with faults on
 * demand: statuses with or without Retry-After, malformed bodies, replies that break a
 * contract, truncation, refusals, stalls and reset connections. Tests queue behaviours;
 * each request takes the next one (the last repeats). Every request is recorded.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Behaviour =
  | { reply: unknown; finish?: 'stop' | 'length'; usage?: { prompt: number; completion: number } }
  | { text: string; finish?: 'stop' | 'length' }
  | { refusal: string }
  | { status: number; retryAfter?: string; retryAfterMs?: string; body?: string }
  | { malformed: true }
  | { stall: true }
  | { stallAfterFirstChunk: true; reply: unknown }
  | { reset: true };

export interface RecordedRequest {
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, unknown>;
}

export interface FakeOpenAI {
  readonly url: string;
  readonly requests: RecordedRequest[];
  enqueue(...b: Behaviour[]): void;
  /** Resolves when the n-th request (1-based) has arrived. */
  waitForRequests(n: number): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeOpenAI(initial: Behaviour[] = []): Promise<FakeOpenAI> {
  const queue: Behaviour[] = [...initial];
  let last: Behaviour | undefined;
  const requests: RecordedRequest[] = [];
  let waiters: { n: number; resolve: () => void }[] = [];

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        // recorded as {}
      }
      requests.push({ headers: req.headers, body });
      const b = queue.shift() ?? last ?? { reply: {} };
      last = b;
      waiters = waiters.filter((w) => (requests.length >= w.n ? (w.resolve(), false) : true));
      respond(b, body, req, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...b) => queue.push(...b),
    waitForRequests: (n) => (requests.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function completion(content: string | null, finish: string, refusal: string | null = null, usage = { prompt: 10, completion: 5 }) {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 0,
    model: 'fake-model',
    choices: [{ index: 0, message: { role: 'assistant', content, refusal }, finish_reason: finish, logprobs: null }],
    usage: { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion },
  };
}

function chunk(delta: Record<string, unknown>, finish: string | null, usage?: { prompt: number; completion: number }) {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'fake-model',
    choices: usage ? [] : [{ index: 0, delta, finish_reason: finish, logprobs: null }],
    usage: usage ? { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion } : null,
  };
}

function respond(b: Behaviour, body: Record<string, unknown>, req: IncomingMessage, res: ServerResponse): void {
  const stream = body['stream'] === true;
  if ('reset' in b) {
    req.socket.destroy();
    return;
  }
  if ('stall' in b) return; // never answers
  if ('malformed' in b) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"id": "chatcmpl-fake", "choices": [');
    return;
  }
  if ('status' in b) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (b.retryAfter !== undefined) headers['retry-after'] = b.retryAfter;
    if (b.retryAfterMs !== undefined) headers['retry-after-ms'] = b.retryAfterMs;
    res.writeHead(b.status, headers);
    res.end(b.body ?? JSON.stringify({ error: { message: `fake error ${b.status}`, type: 'fake', code: null } }));
    return;
  }
  let content: string | null = null;
  let refusal: string | null = null;
  let finish = 'stop';
  if ('refusal' in b) refusal = b.refusal;
  else if ('text' in b) {
    content = b.text;
    finish = b.finish ?? 'stop';
  } else {
    content = JSON.stringify(b.reply);
    finish = 'finish' in b && b.finish ? b.finish : 'stop';
  }
  if (!stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(completion(content, finish, refusal, 'usage' in b && b.usage ? b.usage : undefined)));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const send = (o: unknown) => res.write(`data: ${JSON.stringify(o)}\n\n`);
  send(chunk({ role: 'assistant', content: '' }, null));
  if ('stallAfterFirstChunk' in b) {
    send(chunk({ content: (content ?? '').slice(0, 3) }, null));
    return; // the stream stalls here
  }
  if (refusal !== null) send(chunk({ refusal }, null));
  const text = content ?? '';
  for (let i = 0; i < text.length; i += 8) send(chunk({ content: text.slice(i, i + 8) }, null));
  send(chunk({}, finish));
  send(chunk({}, null, { prompt: 10, completion: 5 }));
  res.end('data: [DONE]\n\n');
}
