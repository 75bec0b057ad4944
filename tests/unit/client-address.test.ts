import { describe, expect, it } from 'vitest';
import { normalizeAddress, resolveClientAddress, throttleAddress } from '@/lib/auth/client-address';

describe('client address for sign-in throttling', () => {
  it('is the socket peer, whatever X-Forwarded-For says, when no proxy is trusted', () => {
    expect(resolveClientAddress({ peer: '::ffff:10.0.0.7', forwardedFor: '1.2.3.4', trustedHops: 0 })).toBe('10.0.0.7');
    expect(resolveClientAddress({ peer: '10.0.0.7', forwardedFor: ['1.2.3.4', '5.6.7.8'], trustedHops: 0 })).toBe('10.0.0.7');
    expect(resolveClientAddress({ peer: undefined, forwardedFor: '1.2.3.4', trustedHops: 0 })).toBe('unknown');
  });

  it('takes the entry the nearest untrusted hop wrote: client-sent entries left of it never count', () => {
    // Client → proxy (appends what it saw) → us. The client wrote "6.6.6.6" itself.
    const viaOne = { peer: '10.0.0.2', forwardedFor: '6.6.6.6, 203.0.113.9', trustedHops: 1 };
    expect(resolveClientAddress(viaOne)).toBe('203.0.113.9');
    expect(resolveClientAddress({ peer: '10.0.0.3', forwardedFor: '6.6.6.6, 203.0.113.9, 10.0.0.2', trustedHops: 2 })).toBe('203.0.113.9');
    // Split over several header lines, as some proxies send it.
    expect(resolveClientAddress({ peer: '10.0.0.2', forwardedFor: ['6.6.6.6', '203.0.113.9'], trustedHops: 1 })).toBe('203.0.113.9');
    // Fewer entries than hops: the leftmost is all there is.
    expect(resolveClientAddress({ peer: '10.0.0.2', forwardedFor: '203.0.113.9', trustedHops: 3 })).toBe('203.0.113.9');
    expect(resolveClientAddress({ peer: '10.0.0.2', forwardedFor: undefined, trustedHops: 1 })).toBe('10.0.0.2');
    // Garbage where an address should be: the socket peer, never the text.
    expect(resolveClientAddress({ peer: '10.0.0.2', forwardedFor: 'not-an-ip', trustedHops: 1 })).toBe('10.0.0.2');
  });

  it('spells each address one way', () => {
    expect(normalizeAddress('::FFFF:192.0.2.1')).toBe('192.0.2.1');
    expect(normalizeAddress('[2001:db8::1]:443')).toBe('2001:db8::1');
    expect(normalizeAddress('192.0.2.1:8080')).toBe('192.0.2.1');
    expect(normalizeAddress('fe80::1%eth0')).toBe('fe80::1');
    for (const bad of ['', 'unknown', '999.1.1.1', '1.2.3', '1::2::3', '1:2:3:4:5:6:7:8:9', 'gggg::1', '<script>'])
      expect(normalizeAddress(bad)).toBeUndefined();
  });

  it('groups IPv6 clients by /64 and leaves IPv4 alone', () => {
    expect(throttleAddress('2001:db8:0:42::1')).toBe('2001:db8:0:42::/64');
    expect(throttleAddress('2001:0db8:0000:0042:ffff:ffff:ffff:ffff')).toBe('2001:db8:0:42::/64');
    expect(throttleAddress('::1')).toBe('0:0:0:0::/64');
    expect(throttleAddress('::192.0.2.1')).toBe('0:0:0:0::/64');
    expect(throttleAddress('192.0.2.1')).toBe('192.0.2.1');
    expect(throttleAddress('unknown')).toBe('unknown');
  });
});
