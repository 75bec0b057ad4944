/**
 * Which client a request comes from, for sign-in throttling. The socket's peer address is the truth
 * (scripts/serve.mjs stamps it into PEER_HEADER on every request, over any client-sent value);
 * X-Forwarded-For is whatever the client wrote, so only the entries appended by the configured number
 * of trusted proxy hops count (SWITCHYARD_TRUSTED_PROXY_HOPS, like Express's numeric `trust proxy`).
 */

/** The internal request header scripts/serve.mjs overwrites with the socket's peer address. */
export const PEER_HEADER = 'x-switchyard-peer';

/** Set on globalThis by scripts/serve.mjs: PEER_HEADER was written by our server, not a client. */
export const PEER_HEADER_MARK = Symbol.for('switchyard.peer-header');

export const UNKNOWN_ADDRESS = 'unknown';

export function resolveClientAddress({
  peer,
  forwardedFor,
  trustedHops,
}: {
  peer: string | undefined;
  forwardedFor: string | string[] | undefined;
  trustedHops: number;
}): string {
  const socket = normalizeAddress(peer);
  if (!socket || trustedHops <= 0) return socket ?? UNKNOWN_ADDRESS;
  const forwarded = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // Each trusted proxy appended the address it saw; the one the nearest untrusted hop wrote is the client.
  const chain = [...forwarded, socket];
  const candidate = chain[Math.max(0, chain.length - 1 - trustedHops)];
  return normalizeAddress(candidate) ?? socket;
}

/** One spelling per address (IPv4-mapped IPv6 as IPv4, lower case, no zone or port); undefined when not an IP. */
export function normalizeAddress(value: string | undefined): string | undefined {
  let v = value?.trim().toLowerCase();
  if (!v) return undefined;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(v);
  if (bracketed) v = bracketed[1]!;
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(v)) v = v.slice(0, v.lastIndexOf(':'));
  v = v.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v);
  if (mapped) v = mapped[1]!;
  if (isIpv4(v)) return v;
  return expandIpv6(v) ? v : undefined;
}

/**
 * The unit one client is throttled by: an IPv4 address, or an IPv6 /64 (one host or home network
 * typically holds a whole /64, so counting its addresses one by one would give it billions of keys).
 */
export function throttleAddress(address: string): string {
  const groups = expandIpv6(address);
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : address;
}

function isIpv4(v: string): boolean {
  const parts = v.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** The eight 16-bit groups of an IPv6 address (without leading zeros), or undefined when it is not one. */
function expandIpv6(v: string): string[] | undefined {
  if (!/^[0-9a-f:.]+$/.test(v) || !v.includes(':')) return undefined;
  let text = v;
  if (v.includes('.')) {
    // A trailing dotted IPv4 part (::1.2.3.4) is two groups.
    const at = v.lastIndexOf(':');
    const ipv4 = v.slice(at + 1);
    if (!isIpv4(ipv4)) return undefined;
    const [a, b, c, d] = ipv4.split('.').map(Number) as [number, number, number, number];
    text = `${v.slice(0, at + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  if (![...head, ...tail].every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const zeros = Array<string>(halves.length === 2 ? missing : 0).fill('0');
  return [...head, ...zeros, ...tail].map((g) => g.replace(/^0+(?=.)/, ''));
}
