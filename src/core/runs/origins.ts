/**
 * API keys are bound to the origin of the base URL they are for (`https://api.openai.com`),
 * never to a whole URL and never sent elsewhere. A base URL that a workspace chose (a
 * definition file's model profile, or workspace / folder settings) gets a stored key only
 * after the user approved that origin once; one the user chose (user settings, the default)
 * gets it directly.
 */

/** `https://api.example.com:8443` for any http(s) URL, lower-cased; undefined for anything else. */
export function originOf(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  return u.origin.toLowerCase();
}

/**
 * Why `url` cannot be a model server's base URL, or undefined. Credentials in it
 * (`user:pass@`) would be written into error messages and traces and fetch refuses them; a
 * query or a fragment would swallow the request path the SDK appends.
 */
export function baseUrlProblem(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return 'is not an http(s) URL';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'is not an http(s) URL';
  if (u.username || u.password) return 'holds credentials (user:password@); a key goes in an environment variable (handoff run --api-key-env) or the Set API Key command, never in a URL';
  if (u.search) return 'has a query (?…), which the request path would be appended inside';
  if (u.hash) return 'has a fragment (#…)';
  return undefined;
}

/** A URL to show in a message: without credentials, query or fragment. */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url.trim());
    // Only http(s) URLs have an origin (others read "null"); for the rest, the scheme is what is wrong.
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return u.host ? `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}` : `a ${u.protocol.slice(0, 20)} URL`;
    return `${u.origin}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

/** The SecretStorage key under which the API key for an origin is kept. */
export function secretName(origin: string): string {
  return `handoff.apiKey:${origin}`;
}

/** Who chose a base URL. */
export type UrlSource = 'default' | 'user' | 'workspace' | 'definition';

export function trustedSource(source: UrlSource): boolean {
  return source === 'default' || source === 'user';
}

export type KeyDecision =
  | { readonly action: 'use'; readonly origin: string }
  | { readonly action: 'ask'; readonly origin: string }
  | { readonly action: 'none'; readonly reason: string };

/**
 * Whether a stored key may go to `baseUrl`: `use` it, `ask` the user to approve the origin
 * first, or send `none` (no key stored for it, or a URL that is not http(s)).
 */
export function decideKey(baseUrl: string, source: UrlSource, hasKey: boolean, approved: readonly string[]): KeyDecision {
  const origin = originOf(baseUrl);
  if (!origin) return { action: 'none', reason: `"${baseUrl}" is not an http(s) URL` };
  if (!hasKey) return { action: 'none', reason: `no API key is stored for ${origin}` };
  if (trustedSource(source) || approved.includes(origin)) return { action: 'use', origin };
  return { action: 'ask', origin };
}

/** Which settings layer a value came from, given what `WorkspaceConfiguration.inspect` returned. */
export function settingSource(inspected: { workspaceFolderValue?: unknown; workspaceValue?: unknown; globalValue?: unknown } | undefined): UrlSource {
  if (!inspected) return 'default';
  if (inspected.workspaceFolderValue !== undefined || inspected.workspaceValue !== undefined) return 'workspace';
  if (inspected.globalValue !== undefined) return 'user';
  return 'default';
}

/** Adds an origin to the approved list (no duplicates). */
export function approve(approved: readonly string[], origin: string): string[] {
  return approved.includes(origin) ? [...approved] : [...approved, origin];
}
