/**
 * Details of one span: state, attempt, duration, model and tokens; the rendered prompt, the
 * raw reply, the parsed output, the validation errors with the JSON path highlighted in the
 * offending value; "Reveal in definition" and "Rerun from here".
 */
import {
  type SpanNode,
  Attr,
  attemptsOf,
  attr,
  costOf,
  durationOf,
  formatDuration,
  isReplayed,
  modelOf,
  outputOf,
  promptOf,
  type ResolvedPrompt,
  STATE_LABEL,
  subtreeTokens,
  tokensOf,
} from './core';
import { type App, KIND_ICON, STATE_ICON } from './app';
import { h, icon, inert, label } from './dom';
import { newMessageId, post } from './host';
import { renderJson } from './json';

function section(title: string, ...body: (Node | string)[]): HTMLElement {
  const d = h('details', { class: 'section', open: true }, h('summary', {}, title));
  d.append(...body);
  return d;
}

function kv(rows: [string, string | Node][]): HTMLElement {
  const dl = h('dl', { class: 'kv' });
  for (const [k, v] of rows) dl.append(h('dt', {}, k), h('dd', {}, v));
  return dl;
}

function textBlock(s: string): HTMLElement {
  return h('pre', { class: 'text' }, inert(s));
}

/** Messages shown at most: the first two (instructions and input) and the latest. */
const MAX_MESSAGES = 200;

function promptView(prompt: ResolvedPrompt): HTMLElement {
  const box = h('div', { class: 'messages' });
  const note = (text: string) => box.append(h('p', { class: 'muted' }, text));
  if (prompt.missing > 0) note(`${prompt.missing} earlier message${prompt.missing === 1 ? ' is' : 's are'} not in this trace (the span that recorded them is missing).`);
  const all = prompt.messages;
  const cut = all.length > MAX_MESSAGES;
  const shown = cut ? [...all.slice(0, 2), ...all.slice(all.length - (MAX_MESSAGES - 2))] : all;
  shown.forEach((m, i) => {
    if (cut && i === 2) note(`${all.length - MAX_MESSAGES} messages not shown.`);
    const msg = m as { role?: unknown; content?: unknown } | null;
    const role = typeof msg?.role === 'string' ? msg.role : 'message';
    const content = typeof msg?.content === 'string' ? textBlock(msg.content) : renderJson(msg?.content ?? m).el;
    box.append(h('div', { class: 'message' }, h('div', { class: 'role' }, label(role, 40)), content));
  });
  return box;
}

/** The step a span belongs to (itself, or its nearest `step` ancestor). */
export function stepOf(app: App, node: SpanNode): SpanNode | undefined {
  for (let n: SpanNode | undefined = node; n; n = n.parentId ? app.model.spans.get(n.parentId) : undefined) {
    if (n.kind === 'step') return n;
  }
  return undefined;
}

export class Details {
  readonly el = h('section', { class: 'details', tabindex: -1, 'aria-label': 'Span details' });
  /** What the pane shows (a span and how far it got); none at first, so the first render draws the hint. */
  private shownKey: string | undefined;

  constructor(private readonly app: App) {}

  render(force = false): void {
    const id = this.app.ui.selected;
    const node = id ? this.app.model.spans.get(id) : undefined;
    const key = node ? `${node.id}|${node.end ?? ''}|${node.events.length}|${node.children.length}` : '';
    if (!force && key === this.shownKey) return;
    this.shownKey = key;
    if (!node) {
      this.el.replaceChildren(h('p', { class: 'empty' }, 'Select a span to see its prompt, reply, output and validation errors.'));
      return;
    }
    this.el.replaceChildren(...this.build(node));
  }

  focus(): void {
    this.el.focus();
  }

  private build(node: SpanNode): Node[] {
    const app = this.app;
    const state = app.stateOf(node);
    const out: Node[] = [];
    out.push(h('h2', { class: 'details-title' },
      icon(KIND_ICON[node.kind] ?? 'circle'), ' ', label(node.name, 300),
      h('span', { class: `state-chip st-${state}` }, icon(STATE_ICON[state]), ' ', STATE_LABEL[state])));
    const actions = h('div', { class: 'actions' });
    const reveal = this.revealTarget(node);
    if (reveal) {
      const b = h('button', { class: 'btn', title: `Open the definition of ${reveal.kind} ${label(reveal.name)}` }, icon('go-to-file'), ' Reveal in definition');
      b.addEventListener('click', () => post({ type: 'reveal', ...reveal }));
      actions.append(b);
    }
    const step = stepOf(app, node);
    if (step) {
      const b = h('button', { class: 'btn', title: app.rerun.enabled ? `Rerun ${label(step.name)} with its recorded inputs; only it and the steps after it call a model` : app.rerun.reason }, icon('debug-restart'), ' Rerun from here');
      if (!app.rerun.enabled) b.setAttribute('aria-disabled', 'true');
      b.addEventListener('click', () => {
        if (app.rerun.enabled) post({ type: 'rerunFrom', messageId: newMessageId(), step: attrString(step, Attr.step) ?? step.name });
      });
      actions.append(b);
    }
    if (actions.childElementCount) out.push(actions);

    const t = node.kind === 'llm' ? tokensOf(node) : subtreeTokens(node);
    const model = modelOf(node);
    const rows: [string, string | Node][] = [
      ['Kind', node.kind],
      ['Duration', formatDuration(durationOf(node, node.end === undefined ? app.now() : undefined))],
    ];
    if (node.kind === 'agent' || node.kind === 'llm') rows.push(['Attempt', node.kind === 'llm' ? `${attemptsOf(node)}` : `${attemptsOf(node)} call${attemptsOf(node) === 1 ? '' : 's'}`]);
    if (model) rows.push(['Model', label(model)]);
    if (isReplayed(node)) {
      rows.push(['Answered by', h('span', {}, h('span', { class: 'badge replayed' }, 'replayed'),
        node.kind === 'llm' ? ' from a recorded run, not by a model' : ' from a recorded run: every model call of this agent was replayed')]);
    } else if (node.kind === 'agent' && node.children.some((c) => c.kind === 'llm' && isReplayed(c))) {
      rows.push(['Answered by', 'some model calls from a recorded run, the others by a model']);
    }
    if (t) {
      const c = node.kind === 'llm' ? costOf(model, t.input, t.output, app.prices) : undefined;
      rows.push(['Tokens', `${t.input.toLocaleString('en-US')} in · ${t.output.toLocaleString('en-US')} out${c !== undefined ? ` · $${c.toFixed(5)}` : ''}`]);
    }
    const agent = attrString(node, Attr.agent);
    if (agent && agent !== node.name) rows.push(['Agent', label(agent)]);
    const contract = attrString(node, Attr.contract);
    if (contract) rows.push(['Contract', label(contract)]);
    out.push(kv(rows));

    if (node.error) out.push(section('Error', h('p', { class: 'error-text' }, h('strong', {}, label(node.error.kind, 200)), ': ', inert(node.error.message))));

    const violations = node.events.filter((e) => e.name === 'contract.violation');
    if (violations.length) {
      const list = h('div', { class: 'violations' });
      for (const v of violations.slice(0, 50)) {
        const a = v.attributes;
        const path = typeof a['path'] === 'string' ? a['path'] : '';
        const head = h('div', { class: 'violation-head' }, icon('warning'), ' ',
          h('code', {}, inert(path || '/', 500)), ' ', inert(String(a['message'] ?? ''), 2000),
          typeof a['contract'] === 'string' ? h('span', { class: 'muted' }, ` (${label(a['contract'])}@${String(a['version'] ?? '?')})`) : '');
        const item = h('div', { class: 'violation' }, head);
        // The engine records the value at the path; older traces the whole value around it,
        // with the path highlighted inside. Only a value that is not there at all is said so.
        const value = a['value'];
        if (value !== undefined) {
          const inside = path ? renderJson(value, path) : undefined;
          item.append(inside?.target ? inside.el : renderJson(value, '').el);
        } else if (path) item.append(h('p', { class: 'muted' }, 'There is no value at this path (it is missing).'));
        list.append(item);
      }
      out.push(section(`Validation errors (${violations.length})`, list));
    }

    const prompt = promptOf(this.app.model.spans, node);
    if (prompt !== undefined) out.push(section('Prompt', promptView(prompt)));
    const reply = attr(node, 'handoff.reply');
    if (reply !== undefined) out.push(section('Raw reply', typeof reply === 'string' ? textBlock(reply) : renderJson(reply).el));
    const input = node.kind === 'llm' ? undefined : node.startAttributes['handoff.input'];
    if (input !== undefined) out.push(section('Input', renderJson(input).el));
    const output = node.kind === 'llm' ? undefined : outputOf(node);
    if (output !== undefined) out.push(section('Parsed output', renderJson(output).el));

    const attrs = { ...node.startAttributes, ...node.endAttributes };
    delete attrs['handoff.prompt'];
    delete attrs['handoff.prompt.prefix_span'];
    delete attrs['handoff.prompt.prefix_length'];
    delete attrs['handoff.reply'];
    delete attrs['handoff.output'];
    if (input !== undefined) delete attrs['handoff.input'];
    if (Object.keys(attrs).length) {
      const s = section('Attributes', renderJson(attrs).el);
      s.removeAttribute('open');
      out.push(s);
    }
    return out;
  }

  private revealTarget(node: SpanNode): { kind: 'workflow' | 'step' | 'agent' | 'contract'; name: string; workflow?: string } | undefined {
    const wf = this.app.model.run?.workflow;
    switch (node.kind) {
      case 'workflow': return { kind: 'workflow', name: node.name };
      case 'step': return { kind: 'step', name: attrString(node, Attr.step) ?? node.name, workflow: wf };
      case 'agent': return { kind: 'agent', name: attrString(node, Attr.agent) ?? node.name };
      case 'llm': {
        const a = attrString(node, Attr.agent);
        return a ? { kind: 'agent', name: a } : undefined;
      }
      case 'validation': {
        const c = attrString(node, Attr.contract) ?? node.name;
        return { kind: 'contract', name: c.replace(/@\d+$/, '') };
      }
      default: return undefined;
    }
  }
}

function attrString(node: SpanNode, name: string): string | undefined {
  const v = attr(node, name);
  return typeof v === 'string' ? v : undefined;
}
