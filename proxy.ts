/**
 * Redirects only: a signed-out visitor goes to /login. It grants nothing — every page, route handler
 * and server action checks the caller itself, because requests can skip this layer. It never runs on
 * /api: Next buffers a request body for the proxy and keeps only its first 10 MB, which silently
 * truncated large imports and turned oversized batches into 400s instead of 413s.
 */
import { getToken } from 'next-auth/jwt';
import { NextResponse, type NextRequest } from 'next/server';
import { getAuthSecret } from '@/lib/auth/secret';

const PUBLIC_PREFIXES = ['/login', '/setup', '/_next/', '/favicon', '/icon'];
const SESSION_COOKIES = ['next-auth.session-token', '__Secure-next-auth.session-token'];

export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  if (PUBLIC_PREFIXES.some((p) => pathname.startsWith(p))) return NextResponse.next();
  const token = await getToken({ req, secret: getAuthSecret() });
  if (token) return NextResponse.next();
  const login = new URL('/login', req.url);
  login.searchParams.set('callbackUrl', `${pathname}${search}`);
  if (SESSION_COOKIES.some((c) => req.cookies.has(c))) login.searchParams.set('reason', 'expired');
  return NextResponse.redirect(login);
}

// Pages only: not /api (see above) nor static files.
export const config = { matcher: ['/((?!api(?:/|$)|_next/static|_next/image|favicon.ico).*)'] };
