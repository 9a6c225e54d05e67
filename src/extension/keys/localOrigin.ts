/**
 * Whether a model server is one the user runs nearby (this machine, the local network), which
 * commonly needs no API key (a local model: Ollama, LM Studio, llama.cpp, vLLM). A run to
 * such a server without a stored key goes ahead unasked; one to any other server without a
 * key is asked about first (`KeyStore.keyFor`), since it would most likely be refused.
 */
export function isLocalOrigin(url: string): boolean {
  let host: string;
  try {
    const u = new URL(url.trim());
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
    host = u.hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host.startsWith('[') && host.endsWith(']')) return localIPv6(host.slice(1, -1));
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 127 || a === 10 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  }
  // A name without a dot (`ollama`, a container's name) or one of the names for the local network.
  return !host.includes('.') || /\.(localhost|local|internal|lan|home\.arpa)$/.test(host);
}

function localIPv6(host: string): boolean {
  if (host === '::1' || host === '::') return true;
  // An IPv4 address written as IPv6 (`[::ffff:127.0.0.1]` reads `::ffff:7f00:1`).
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (mapped) {
    const [hi, lo] = [parseInt(mapped[1]!, 16), parseInt(mapped[2]!, 16)];
    return isLocalOrigin(`http://${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}/`);
  }
  // fc00::/7 (unique local), fe80::/10 (link-local).
  return /^f[cd][0-9a-f]{0,2}:/.test(host) || /^fe[89ab][0-9a-f]?:/.test(host);
}
