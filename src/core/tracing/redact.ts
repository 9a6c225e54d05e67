/**
 * Keeps secrets out of traces: API keys and authorization headers are never recorded, even
 * when an error message or a server's reply echoes them.
 */

const SECRET_KEY = /(^|[._-])(authorization|api[-_]?key|apikey|x-api-key|password|secret|cookie)$/i;
const SECRET_VALUE = /\b(sk-[A-Za-z0-9_-]{8,}|Bearer\s+[A-Za-z0-9._~+/=-]{8,}|xox[abp]-[A-Za-z0-9-]{8,})/g;

export const REDACTED = '[redacted]';

/** Replaces anything that looks like a key or a bearer token in a string. */
export function redactText(s: string): string {
  return s.replace(SECRET_VALUE, REDACTED);
}

/** A copy of a value with secret-named keys dropped and secret-looking strings masked. */
export function redactValue(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return redactText(v);
  if (!v || typeof v !== 'object' || depth > 20) return v;
  if (Array.isArray(v)) return v.map((x) => redactValue(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = SECRET_KEY.test(k) ? REDACTED : redactValue(x, depth + 1);
  return out;
}

/** Attributes with secret-named keys masked (top level only: cheap enough for every record). */
export function redactKeys(attrs: Record<string, unknown>): Record<string, unknown> {
  for (const k in attrs) {
    if (isSecretKey(k)) return Object.fromEntries(Object.entries(attrs).map(([key, x]) => [key, isSecretKey(key) ? REDACTED : x]));
  }
  return attrs;
}

/** Attribute names are few and repeat on every record: each is tested once. */
const secretKeys = new Map<string, boolean>();
const MAX_KEYS = 10_000;

function isSecretKey(k: string): boolean {
  let secret = secretKeys.get(k);
  if (secret === undefined) {
    secret = SECRET_KEY.test(k);
    if (secretKeys.size >= MAX_KEYS) secretKeys.clear();
    secretKeys.set(k, secret);
  }
  return secret;
}
