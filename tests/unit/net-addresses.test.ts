import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AddressClass, classifyAddress, isAllowedAddress, isPublicAddress, PRIVATE_CLASSES } from '@/lib/net/addresses';
import { checkOutboundUrl, outboundUrlOrThrow } from '@/lib/net/outbound-url';
import { AppError } from '@/lib/errors';

describe('address classes', () => {
  const cases: Array<[string, AddressClass]> = [
    ['8.8.8.8', 'public'],
    ['1.1.1.1', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['169.254.1.1', 'link_local'],
    ['169.254.169.254', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['100.128.0.1', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.10', 'documentation'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['198.18.0.1', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fe80::1', 'link_local'],
    ['fe80::1%eth0', 'link_local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['fd00:ec2::254', 'metadata'],
    ['2606:4700:4700::1111', 'public'],
    ['2a00:1450:4001::200e', 'public'],
    ['2002:c000:0201::1', 'reserved'],
    ['2001:0:4136:e378::1', 'reserved'],
    ['4000::1', 'reserved'],
    // IPv4-mapped and translated IPv6 reach the IPv4 address inside.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['64:ff9b::8.8.8.8', 'public'],
    // IPv4 written the ways inet_aton reads it: the address meant is what counts.
    ['2130706433', 'loopback'],
    ['0x7f.0.0.1', 'loopback'],
    ['not-an-ip', 'invalid'],
    ['', 'invalid'],
    ['1.2.3.4.5', 'invalid'],
  ];
  it.each(cases)('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
    expect(isPublicAddress(address)).toBe(expected === 'public');
  });

  it('lets the operator open private classes, never metadata, multicast or reserved ones', () => {
    expect(isAllowedAddress('10.0.0.1')).toBe(false);
    expect(isAllowedAddress('10.0.0.1', { allowPrivate: true })).toBe(true);
    expect(isAllowedAddress('::1', { allowPrivate: true })).toBe(true);
    for (const a of ['169.254.169.254', 'fd00:ec2::254', '0.0.0.0', '224.0.0.1', '192.0.2.1', 'garbage'])
      expect(isAllowedAddress(a, { allowPrivate: true }), a).toBe(false);
  });
});

const octet = fc.integer({ min: 0, max: 255 });
const v4 = fc.tuple(octet, octet, octet, octet);
const text = ([a, b, c, d]: number[]) => `${a}.${b}.${c}.${d}`;
const inRange = (prefix: number[], bits: number) =>
  v4.map((o) => {
    const value = ((o[0]! << 24) | (o[1]! << 16) | (o[2]! << 8) | o[3]!) >>> 0;
    const base = ((prefix[0]! << 24) | (prefix[1]! << 16) | (prefix[2]! << 8) | prefix[3]!) >>> 0;
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    const x = ((base & mask) | (value & ~mask)) >>> 0;
    return [x >>> 24, (x >>> 16) & 255, (x >>> 8) & 255, x & 255];
  });

describe('address classes, property-tested', () => {
  const ranges: Array<[AddressClass, number[], number]> = [
    ['private', [10, 0, 0, 0], 8],
    ['private', [172, 16, 0, 0], 12],
    ['private', [192, 168, 0, 0], 16],
    ['loopback', [127, 0, 0, 0], 8],
    ['cgnat', [100, 64, 0, 0], 10],
    ['multicast', [224, 0, 0, 0], 4],
    ['unspecified', [0, 0, 0, 0], 8],
  ];
  it.each(ranges)('every address in a %s range (%j/%i) is classified so, and refused', (cls, prefix, bits) => {
    fc.assert(
      fc.property(inRange(prefix, bits), (o) => {
        expect(classifyAddress(text(o))).toBe(cls);
        expect(isPublicAddress(text(o))).toBe(false);
      }),
    );
  });

  it('link-local 169.254/16 is link-local or metadata, never public', () => {
    fc.assert(
      fc.property(inRange([169, 254, 0, 0], 16), (o) => {
        expect(['link_local', 'metadata']).toContain(classifyAddress(text(o)));
      }),
    );
  });

  it('an IPv4-mapped IPv6 address is classified as its IPv4 address, in every notation', () => {
    fc.assert(
      fc.property(v4, (o) => {
        const expected = classifyAddress(text(o));
        const hex = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
        expect(classifyAddress(`::ffff:${text(o)}`)).toBe(expected);
        expect(classifyAddress(`::ffff:${hex(o[0]!, o[1]!)}:${hex(o[2]!, o[3]!)}`)).toBe(expected);
        expect(classifyAddress(`[0:0:0:0:0:ffff:${text(o)}]`)).toBe(expected);
      }),
    );
  });

  it('allowPrivate admits exactly the private classes on top of public ones', () => {
    fc.assert(
      fc.property(v4, (o) => {
        const cls = classifyAddress(text(o));
        expect(isAllowedAddress(text(o))).toBe(cls === 'public');
        expect(isAllowedAddress(text(o), { allowPrivate: true })).toBe(cls === 'public' || PRIVATE_CLASSES.has(cls));
      }),
    );
  });

  it('public IPv6 lies in 2000::/3; ULA and link-local never are', () => {
    const group = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));
    const rest = fc.array(group, { minLength: 7, maxLength: 7 });
    fc.assert(
      fc.property(fc.integer({ min: 0xfc00, max: 0xfdff }), rest, (first, groups) => {
        const address = [first.toString(16), ...groups].join(':');
        // fd00:ec2::254 is the one metadata address inside the ULA range.
        expect(classifyAddress(address)).toBe(address === 'fd00:ec2:0:0:0:0:0:254' ? 'metadata' : 'private');
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0xfe80, max: 0xfebf }), rest, (first, groups) => {
        expect(classifyAddress([first.toString(16), ...groups].join(':'))).toBe('link_local');
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), rest, (first, groups) => {
        const cls = classifyAddress([first.toString(16), ...groups].join(':'));
        if (cls === 'public') expect(first >= 0x2000 && first <= 0x3fff).toBe(true);
      }),
    );
  });
});

describe('outbound URLs', () => {
  const refused = (url: string, opts = {}) => {
    const r = checkOutboundUrl(url, opts);
    return r.ok ? null : [r.reason, r.addressClass ?? null];
  };

  it('accepts public http(s) URLs and any host name (resolved and checked at connect time)', () => {
    expect(checkOutboundUrl('https://hooks.slack.com/services/T0/B0/xyz', { kind: 'slack' })).toMatchObject({
      ok: true,
      host: 'hooks.slack.com',
    });
    expect(checkOutboundUrl('http://receiver.example.com:8080/hook')).toMatchObject({ ok: true, hostIsAddress: false });
    expect(checkOutboundUrl('https://[2606:4700:4700::1111]/')).toMatchObject({ ok: true, hostIsAddress: true });
  });

  it('refuses other schemes, credentials, junk and over-long URLs', () => {
    expect(refused('ftp://example.com/')).toEqual(['scheme_not_allowed', null]);
    expect(refused('file:///etc/passwd')).toEqual(['scheme_not_allowed', null]);
    expect(refused('javascript:alert(1)')).toEqual(['scheme_not_allowed', null]);
    expect(refused('https://user:secret@example.com/')).toEqual(['credentials_in_url', null]);
    expect(refused('https://token@example.com/')).toEqual(['credentials_in_url', null]);
    expect(refused('example.com/hook')).toEqual(['invalid_url', null]);
    expect(refused(`https://example.com/${'a'.repeat(2100)}`)).toEqual(['too_long', null]);
    expect(refused('http://hooks.slack.com/services/x', { kind: 'slack' })).toEqual(['https_required', null]);
  });

  it('refuses literal private, loopback and metadata hosts in every spelling the URL parser normalises', () => {
    expect(refused('http://127.0.0.1:3000/')).toEqual(['address_refused', 'loopback']);
    expect(refused('http://2130706433/')).toEqual(['address_refused', 'loopback']);
    expect(refused('http://0x7f.1/')).toEqual(['address_refused', 'loopback']);
    expect(refused('http://[::ffff:127.0.0.1]/')).toEqual(['address_refused', 'loopback']);
    expect(refused('http://[::1]/')).toEqual(['address_refused', 'loopback']);
    expect(refused('http://localhost/')).toEqual(['address_refused', 'loopback']);
    expect(refused('http://api.localhost./')).toEqual(['address_refused', 'loopback']);
    expect(refused('http://10.0.0.5/hook')).toEqual(['address_refused', 'private']);
    expect(refused('http://169.254.169.254/latest/meta-data/')).toEqual(['address_refused', 'metadata']);
    expect(refused('http://[fd00:ec2::254]/')).toEqual(['address_refused', 'metadata']);
  });

  it('allows private hosts (and http for Slack) only when the operator does, and never metadata', () => {
    expect(checkOutboundUrl('http://127.0.0.1:9999/hook', { allowPrivate: true }).ok).toBe(true);
    expect(checkOutboundUrl('http://localhost:9999/hook', { allowPrivate: true }).ok).toBe(true);
    expect(checkOutboundUrl('http://10.0.0.5/hooks/x', { allowPrivate: true, kind: 'slack' }).ok).toBe(true);
    expect(refused('http://169.254.169.254/', { allowPrivate: true })).toEqual(['address_refused', 'metadata']);
  });

  it('throws bad_request:channel with the field for the service layer', () => {
    try {
      outboundUrlOrThrow('http://10.0.0.1/', {}, 'url');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('bad_request:channel');
      expect(Object.keys((e as AppError).fields!)).toEqual(['url']);
    }
  });
});
