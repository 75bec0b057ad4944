/**
 * Validation of a URL Switchyard will POST to (alert webhooks, Slack incoming webhooks), at save time: http or
 * https only (Slack: https, unless the operator allows private addresses — a local test receiver or a
 * Slack-compatible chat on the intranet), no user name or password in the URL (it would be stored and shown as
 * configuration, and sent in clear on http), at most 2,048 characters, and a host that is not a refused address
 * literal (lib/net/addresses.ts) nor a name that always means this machine (`localhost`, `*.localhost`).
 * Any host name passes here; what it resolves to is checked at connect time (see lib/net/addresses.ts). Hosts
 * are read after WHATWG URL parsing, which normalises `http://2130706433/` and `http://0x7f.1/` to 127.0.0.1.
 */
import { AppError } from '@/lib/errors';
import { type AddressClass, classifyAddress, isAddressLiteral, isAllowedAddress } from './addresses';

export const MAX_URL_LENGTH = 2048;

export type UrlRefusal = 'invalid_url' | 'too_long' | 'scheme_not_allowed' | 'https_required' | 'credentials_in_url' | 'address_refused';

export interface OutboundUrlOptions {
  kind?: 'webhook' | 'slack';
  /** The operator's switch: loopback, private, link-local and CGNAT destinations allowed. */
  allowPrivate?: boolean;
}

export type OutboundUrlCheck =
  | { ok: true; url: URL; host: string; hostIsAddress: boolean }
  | { ok: false; reason: UrlRefusal; message: string; addressClass?: AddressClass };

const CLASS_WORDS: Record<AddressClass, string> = {
  public: 'a public address',
  loopback: 'this machine (loopback)',
  private: 'a private network address',
  link_local: 'a link-local address',
  cgnat: 'a carrier-grade NAT address',
  metadata: 'the cloud metadata endpoint',
  unspecified: 'the unspecified address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  documentation: 'a documentation-only address',
  reserved: 'a reserved address',
  invalid: 'an invalid address',
};

const refuse = (reason: UrlRefusal, message: string, addressClass?: AddressClass): OutboundUrlCheck => ({
  ok: false,
  reason,
  message,
  ...(addressClass ? { addressClass } : {}),
});

export function checkOutboundUrl(text: string, options: OutboundUrlOptions = {}): OutboundUrlCheck {
  const trimmed = text.trim();
  if (trimmed.length > MAX_URL_LENGTH) return refuse('too_long', `A URL has at most ${MAX_URL_LENGTH.toLocaleString('en-US')} characters.`);
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return refuse('invalid_url', 'Enter a full URL, starting with https://.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return refuse('scheme_not_allowed', 'Only http and https URLs are allowed.');
  if (options.kind === 'slack' && url.protocol !== 'https:' && !options.allowPrivate)
    return refuse('https_required', 'Slack webhook URLs start with https://.');
  if (url.username !== '' || url.password !== '')
    return refuse('credentials_in_url', 'Remove the user name and password from the URL; use the signing secret to authenticate.');
  const host = url.hostname.replace(/\.$/, '').toLowerCase();
  if (isAddressLiteral(host)) {
    if (!isAllowedAddress(host, options)) {
      const cls = classifyAddress(host);
      return refuse('address_refused', `This URL points to ${CLASS_WORDS[cls]}, which alerts may not call.`, cls);
    }
    return { ok: true, url, host, hostIsAddress: true };
  }
  if ((host === 'localhost' || host.endsWith('.localhost')) && !options.allowPrivate)
    return refuse('address_refused', `This URL points to ${CLASS_WORDS.loopback}, which alerts may not call.`, 'loopback');
  return { ok: true, url, host, hostIsAddress: false };
}

/** The URL, or `bad_request:channel` with the message under `field`. */
export function outboundUrlOrThrow(text: string, options: OutboundUrlOptions = {}, field = 'url'): URL {
  const check = checkOutboundUrl(text, options);
  if (!check.ok) throw new AppError('bad_request:channel', check.message, { fields: { [field]: [check.message] } });
  return check.url;
}
