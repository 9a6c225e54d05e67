import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { runWorkflow } from '../../../src/core/engine';
import { ScriptedProvider } from '../../../src/core/providers/scripted';
import { otlpProcessor } from '../../../src/core/tracing/otlp';
import { BASE, FILE, program } from '../../support/engine';

describe('OTLP export', () => {
  it('sends the run spans to an OTLP/HTTP endpoint with GenAI attributes, never the key', async () => {
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodies.push(Buffer.concat(chunks).toString('latin1'));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
      const P = program(`${BASE}\nagents:\n  a: { input: Msg, output: Msg, retries: 1, instructions: marker-of-the-instructions }\n`);
      const otlp = otlpProcessor(url);
      const r = await runWorkflow({ program: P, file: FILE, agent: 'a', input: { text: 'hi' }, provider: new ScriptedProvider({ replies: { a: [{ $text: 'not json' }, { text: 'ok' }] } }), processors: [otlp] });
      assert.equal(r.status, 'ok');
      await otlp.shutdown();
      const all = bodies.join('\n');
      assert.ok(bodies.length >= 1, 'the exporter posted');
      assert.ok(all.includes('gen_ai.request.model'));
      assert.ok(all.includes('handoff.agent'));
      assert.ok(all.includes('chat test-model'));
      // The repair's span continues the first attempt's prompt in the file; exported, each span carries its whole prompt.
      assert.equal(all.split('marker-of-the-instructions').length - 1, 2, 'both attempts carry the instructions');
      assert.ok(!all.includes('handoff.prompt.prefix_span'));
      assert.equal(otlp.error, undefined);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('keeps the reason when the endpoint refuses the spans, and the run goes on', async () => {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end('no such tenant');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
      const P = program(`${BASE}\nagents:\n  a: { input: Msg, output: Msg }\n`);
      const otlp = otlpProcessor(url);
      const r = await runWorkflow({ program: P, file: FILE, agent: 'a', input: { text: 'hi' }, provider: new ScriptedProvider({ replies: { a: [{ text: 'ok' }] } }), processors: [otlp] });
      assert.equal(r.status, 'ok');
      await otlp.shutdown();
      assert.ok(otlp.error, 'the failed export is known');
      assert.match(otlp.error, /400|Bad Request|no such tenant/);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
