/** What the sign-in form says for each code the credentials provider can return (client-safe). */
const MESSAGES: Record<string, string> = {
  'unauthorized:auth': 'Wrong email or password.',
  'forbidden:auth': 'This account is deactivated. Ask an admin to reactivate it.',
  'rate_limited:auth': 'Too many failed sign-in attempts. Wait a few minutes (at most 15) and try again.',
  'bad_request:auth': 'Enter your email and password.',
};

export function signInErrorMessage(code: string | null | undefined): string {
  return (code && MESSAGES[code]) || 'Sign-in failed. Try again in a moment.';
}

/**
 * The post-sign-in destination: `value` resolved as a browser would against the app's origin, kept only
 * when it stays there, and returned as a path that cannot leave it (no open redirect). Browsers drop tabs
 * and newlines and read a backslash as `/`, so prefix checks on the raw text are not enough (`/%09/evil.example`).
 */
export function safeCallbackUrl(value: string | string[] | undefined, origin = 'http://localhost'): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return '/';
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    url = new URL(raw, base);
  } catch {
    return '/';
  }
  if (url.origin !== base.origin) return '/';
  // "/.//evil" resolves to the path "//evil", which would read as another host once sent back as a path.
  const path = `/${url.pathname.replace(/^\/+/, '')}${url.search}${url.hash}`;
  return new URL(path, base).origin === base.origin ? path : '/';
}
