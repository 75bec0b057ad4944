/**
 * Whether a request that changes something came from another site, for callers authenticated by a cookie
 * (browsers send cookies cross-site; they cannot forge these headers). Browsers send Sec-Fetch-Site; older
 * ones at least Origin. A request with neither is not from a browser page, so no cookie was ridden.
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isCrossSiteMutation(req: { method: string; headers: Headers }): boolean {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return false;
  const site = req.headers.get('sec-fetch-site');
  if (site) return site !== 'same-origin' && site !== 'none';
  const origin = req.headers.get('origin');
  if (!origin) return false;
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
  try {
    return !host || new URL(origin).host !== host.split(',')[0]!.trim();
  } catch {
    return true; // "null" or garbage: an opaque origin
  }
}
