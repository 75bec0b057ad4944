/**
 * Which IP addresses outbound requests (alert webhooks, Slack) may reach. Switchyard runs inside people's
 * networks, so a webhook URL is a way to make it call their internal services or the cloud metadata endpoint
 * (server-side request forgery); only public unicast addresses are allowed, plus — when the operator allows
 * private addresses — loopback, RFC 1918 / ULA, link-local and CGNAT ones. Metadata endpoints, unspecified,
 * multicast, broadcast, documentation and reserved addresses are refused always: nothing legitimate lives there.
 *
 * IPv6 that embeds an IPv4 address (IPv4-mapped ::ffff:a.b.c.d, SIIT ::ffff:0:a.b.c.d, NAT64 64:ff9b::/96) is
 * classified by the IPv4 address it reaches. Public IPv6 is global unicast (2000::/3) outside the special ranges;
 * 6to4 and Teredo (deprecated tunnels that reach arbitrary IPv4) are reserved. Parsing is ipaddr.js's (every
 * IPv6 shorthand, zone ids, IPv4's hex/octal/integer forms — classified as the address they mean).
 *
 * This checks addresses, not names. At connect time the caller must: resolve the host (`dns.lookup(host, { all:
 * true })`), check *every* address with `isAllowedAddress` (refuse the URL if any is refused: the OS may pick any),
 * then connect to a checked address — pass it through the request's `lookup` option (node:http) or the
 * dispatcher's `connect.lookup` (undici) so nothing resolves the name a second time (DNS rebinding) — with no
 * redirects followed (a 3xx is a failed attempt: lib/alerts/retry.ts) and bounded timeouts. Pure.
 */
import ipaddr from 'ipaddr.js';

export const ADDRESS_CLASSES = [
  'public',
  'loopback',
  'private',
  'link_local',
  'cgnat',
  'metadata',
  'unspecified',
  'multicast',
  'broadcast',
  'documentation',
  'reserved',
  'invalid',
] as const;
export type AddressClass = (typeof ADDRESS_CLASSES)[number];

/** Classes an operator may open with "allow private addresses" (local test receivers, an internal Mattermost). */
export const PRIVATE_CLASSES: ReadonlySet<AddressClass> = new Set(['loopback', 'private', 'link_local', 'cgnat']);

type Table = ReadonlyArray<readonly [AddressClass, string]>;

// First match wins: the specific metadata addresses before the ranges that hold them.
const V4: Table = [
  ['metadata', '169.254.169.254/32'], // AWS, GCP, Azure, OpenStack instance metadata
  ['metadata', '169.254.170.2/32'], // AWS ECS task metadata
  ['metadata', '100.100.100.200/32'], // Alibaba Cloud metadata
  ['unspecified', '0.0.0.0/8'],
  ['loopback', '127.0.0.0/8'],
  ['private', '10.0.0.0/8'],
  ['private', '172.16.0.0/12'],
  ['private', '192.168.0.0/16'],
  ['link_local', '169.254.0.0/16'],
  ['cgnat', '100.64.0.0/10'],
  ['multicast', '224.0.0.0/4'],
  ['broadcast', '255.255.255.255/32'],
  ['documentation', '192.0.2.0/24'],
  ['documentation', '198.51.100.0/24'],
  ['documentation', '203.0.113.0/24'],
  ['reserved', '192.0.0.0/24'], // IETF protocol assignments
  ['reserved', '192.88.99.0/24'], // 6to4 relay anycast (deprecated)
  ['reserved', '198.18.0.0/15'], // benchmarking
  ['reserved', '240.0.0.0/4'],
];

const V6: Table = [
  ['unspecified', '::/128'],
  ['loopback', '::1/128'],
  ['metadata', 'fd00:ec2::254/128'], // AWS instance metadata over IPv6
  ['reserved', '::/96'], // IPv4-compatible (deprecated)
  ['reserved', '100::/64'], // discard-only
  ['private', '64:ff9b:1::/48'], // local-use NAT64
  ['reserved', '2001::/32'], // Teredo
  ['reserved', '2001:2::/48'], // benchmarking
  ['reserved', '2001:10::/28'], // ORCHID
  ['reserved', '2001:20::/28'], // ORCHIDv2
  ['documentation', '2001:db8::/32'],
  ['documentation', '3fff::/20'],
  ['reserved', '2002::/16'], // 6to4
  ['private', 'fc00::/7'], // unique local
  ['private', 'fec0::/10'], // site-local (deprecated)
  ['link_local', 'fe80::/10'],
  ['multicast', 'ff00::/8'],
];

const compile = (table: Table) => table.map(([cls, cidr]) => [cls, ipaddr.parseCIDR(cidr)] as const);
const V4_RANGES = compile(V4);
const V6_RANGES = compile(V6);
const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');
const EMBEDS_V4 = ['::ffff:0:0/96', '::ffff:0:0:0/96', '64:ff9b::/96'].map((c) => ipaddr.parseCIDR(c));

/** The class of an address given as text (`10.0.0.1`, `[::1]`, `fe80::1%eth0`, `::ffff:127.0.0.1`). */
export function classifyAddress(text: string): AddressClass {
  const bare = text.trim().replace(/^\[(.*)\]$/, '$1');
  if (!ipaddr.isValid(bare)) return 'invalid';
  return classifyParsed(ipaddr.parse(bare));
}

function classifyParsed(addr: ipaddr.IPv4 | ipaddr.IPv6): AddressClass {
  if (addr.kind() === 'ipv4') {
    const v4 = addr as ipaddr.IPv4;
    return V4_RANGES.find(([, range]) => v4.match(range))?.[0] ?? 'public';
  }
  const v6 = addr as ipaddr.IPv6;
  if (EMBEDS_V4.some((range) => v6.match(range))) {
    const [, , , , , , hi, lo] = v6.parts as [number, number, number, number, number, number, number, number];
    return classifyParsed(new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]));
  }
  const special = V6_RANGES.find(([, range]) => v6.match(range))?.[0];
  if (special) return special;
  return v6.match(GLOBAL_UNICAST) ? 'public' : 'reserved';
}

export function isPublicAddress(text: string): boolean {
  return classifyAddress(text) === 'public';
}

/** Whether an outbound request may connect to this address. */
export function isAllowedAddress(text: string, options: { allowPrivate?: boolean } = {}): boolean {
  const cls = classifyAddress(text);
  return cls === 'public' || (options.allowPrivate === true && PRIVATE_CLASSES.has(cls));
}

/** True when the text is an IP address literal (bracketed IPv6 included), not a host name. */
export function isAddressLiteral(text: string): boolean {
  return ipaddr.isValid(text.trim().replace(/^\[(.*)\]$/, '$1'));
}
