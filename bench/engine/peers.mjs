// The peers of the engine benchmark, built the same way as Handoff's shapes: a chain of
// 200 steps, a fan-out of 100 parallel steps and a join, a supervisor loop of 200 turns,
// each step calling an instant model. `plain` is plain async functions: the floor.

const model = async (input) => ({ text: 'x', n: (input?.n ?? 0) + 1 });

export const plain = {
  async chain() {
    let v = { text: 'in', n: 0 };
    for (let i = 0; i < 200; i++) v = await model(v);
    return v;
  },
  async fan() {
    const input = { text: 'in', n: 0 };
    const outs = await Promise.all(Array.from({ length: 100 }, () => model(input)));
    return model(outs[0]);
  },
  async supervisor() {
    let v = { text: 'in', n: 0 };
    for (let turn = 0; turn < 200; turn++) {
      await model(v); // the router
      v = await model(v); // the worker
    }
    return v;
  },
};

export async function langgraph() {
  const { StateGraph, Annotation, START, END } = await import('@langchain/langgraph');
  const State = Annotation.Root({
    text: Annotation(),
    n: Annotation(),
    count: Annotation({ reducer: (a, b) => a + b, default: () => 0 }),
    turn: Annotation({ reducer: (a, b) => a + b, default: () => 0 }),
  });
  const chainG = new StateGraph(State);
  for (let i = 0; i < 200; i++) chainG.addNode(`s${i}`, async (s) => model(s));
  chainG.addEdge(START, 's0');
  for (let i = 1; i < 200; i++) chainG.addEdge(`s${i - 1}`, `s${i}`);
  chainG.addEdge('s199', END);
  const chain = chainG.compile();

  const fanG = new StateGraph(State);
  const ps = Array.from({ length: 100 }, (_, i) => `p${i}`);
  for (const p of ps) {
    fanG.addNode(p, async (s) => {
      await model(s);
      return { count: 1 };
    });
    fanG.addEdge(START, p);
  }
  fanG.addNode('join', async (s) => model(s));
  fanG.addEdge(ps, 'join');
  fanG.addEdge('join', END);
  const fan = fanG.compile();

  const supG = new StateGraph(State);
  supG.addNode('router', async (s) => {
    await model(s);
    return { turn: 1 };
  });
  supG.addNode('worker', async (s) => model(s));
  supG.addEdge(START, 'router');
  supG.addConditionalEdges('router', (s) => (s.turn <= 200 ? 'worker' : END));
  supG.addEdge('worker', 'router');
  const sup = supG.compile();

  const config = { recursionLimit: 10_000 };
  return {
    chain: () => chain.invoke({ text: 'in', n: 0 }, config),
    fan: () => fan.invoke({ text: 'in', n: 0 }, config),
    supervisor: () => sup.invoke({ text: 'in', n: 0 }, config),
  };
}

export async function mastra() {
  const { createWorkflow, createStep } = await import('@mastra/core/workflows');
  const { z } = await import('zod');
  const Msg = z.object({ text: z.string(), n: z.number() });
  const step = (id) => createStep({ id, inputSchema: Msg, outputSchema: Msg, execute: async ({ inputData }) => model(inputData) });

  let chainW = createWorkflow({ id: 'chain', inputSchema: Msg, outputSchema: Msg });
  for (let i = 0; i < 200; i++) chainW = chainW.then(step(`s${i}`));
  const chain = chainW.commit();

  const ps = Array.from({ length: 100 }, (_, i) => step(`p${i}`));
  const join = createStep({ id: 'join', inputSchema: z.record(z.string(), Msg), outputSchema: Msg, execute: async ({ inputData }) => model(inputData.p0) });
  const fan = createWorkflow({ id: 'fan', inputSchema: Msg, outputSchema: Msg }).parallel(ps).then(join).commit();

  // A turn is the router, then the worker it picks: two steps, as in the other frameworks.
  const router = createStep({ id: 'router', inputSchema: Msg, outputSchema: Msg, execute: async ({ inputData }) => ({ ...(await model(inputData)), n: inputData.n }) });
  const worker = createStep({ id: 'worker', inputSchema: Msg, outputSchema: Msg, execute: async ({ inputData }) => model(inputData) });
  const turn = createWorkflow({ id: 'turn', inputSchema: Msg, outputSchema: Msg }).then(router).then(worker).commit();
  const sup = createWorkflow({ id: 'sup', inputSchema: Msg, outputSchema: Msg }).dountil(turn, async ({ inputData }) => inputData.n >= 200).commit();

  const start = async (wf) => {
    const run = await (wf.createRunAsync ? wf.createRunAsync() : wf.createRun());
    const r = await run.start({ inputData: { text: 'in', n: 0 } });
    if (r.status !== 'success') throw new Error(`mastra ${wf.id}: ${r.status} ${r.error ?? ''}`);
    return r;
  };
  return { chain: () => start(chain), fan: () => start(fan), supervisor: () => start(sup) };
}
