/**
 * A recent input typed by hand, shown in the input picker as something a person reads: its
 * top-level fields in a line as the label (`text: "My invoice is wrong…", priority: 2`),
 * and the whole JSON on one line as the detail, cut at a field when it is long. A recent
 * input the core named by its input file ("as in inputs/x.json") is left as it is. Pure:
 * the picker adds only its icons.
 */
import type { InputChoice } from '../../core/runs/inputs';
import { preview } from '../../core/runs/violations';

/** How long a label may be, in characters, and a string value in it. */
const LABEL_MAX = 72;
const STRING_MAX = 24;
/** How long the detail may be: the picker shows one line of it. */
const DETAIL_MAX = 240;
/** How the core labels a recent input it could not name by a file (its raw JSON, cut). */
const CORE_PREVIEW_MAX = 70;

export interface InputPickItem {
  readonly label: string;
  readonly description?: string;
  readonly detail: string;
}

/** The picker's row for a choice: a hand-typed recent input summarised, the rest as the core words them. */
export function inputPickItem(c: InputChoice): InputPickItem {
  if (c.kind !== 'recent' || c.label !== preview(c.value, CORE_PREVIEW_MAX)) return { label: c.label, detail: c.detail };
  // When and how it was used moves up beside the summary; the detail holds the value.
  return { label: summarizeInput(c.value), description: c.detail, detail: oneLineJson(c.value) };
}

/** `text: "My invoice…", priority: 2, tags: [2 items]`: the top-level fields of an object, as many as fit. */
export function summarizeInput(value: unknown, max = LABEL_MAX): string {
  if (Array.isArray(value)) return value.length === 0 ? '[]' : fitList(value.map((v) => short(v)), max, `${count(value.length, 'item')}: `);
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0) return '{}';
    return fitList(keys.map((k) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${short(value[k])}`), max);
  }
  return short(value, max);
}

/** The value as JSON on one line (`{ "a": 1, "b": [ 2 ] }`), cut after a field when over `max` characters. */
export function oneLineJson(value: unknown, max = DETAIL_MAX): string {
  let text: string;
  try {
    // Newlines in the indented form are layout only (a string's own are escaped): one space each.
    text = (JSON.stringify(value, null, 1) ?? String(value)).replace(/\n */g, ' ');
  } catch {
    text = String(value);
  }
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const head = chars.slice(0, max - 1).join('');
  // At the last field that fits whole, when that keeps most of it; else mid-value.
  const comma = head.lastIndexOf(', ');
  return `${comma > max / 2 ? head.slice(0, comma + 1) : head} …`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

/** One value in a summary: a string quoted and cut (at a word when one ends near), containers by size. */
function short(v: unknown, max = STRING_MAX): string {
  if (typeof v === 'string') {
    const chars = Array.from(v.replace(/\s+/g, ' ').trim());
    if (chars.length <= max) return JSON.stringify(chars.join(''));
    const cut = chars.slice(0, max).join('');
    const space = cut.lastIndexOf(' ');
    return `${JSON.stringify((space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()).slice(0, -1)}…"`;
  }
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `[${count(v.length, 'item')}]`;
  if (isObject(v)) {
    const n = Object.keys(v).length;
    return n === 0 ? '{}' : `{${count(n, 'field')}}`;
  }
  if (v === undefined) return 'undefined';
  return String(v);
}

/** Parts joined by ", " as long as they fit in `max`; a part that does not fit ends the line with "…". */
function fitList(parts: readonly string[], max: number, prefix = ''): string {
  let out = prefix;
  for (const [i, p] of parts.entries()) {
    const next = `${i === 0 ? '' : ', '}${p}`;
    // The first part always shows (cut by the picker if it must); later ones only whole.
    if (i > 0 && Array.from(out + next).length > max) return `${out}, …`;
    out += next;
  }
  return out;
}
