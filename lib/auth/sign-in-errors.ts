/** What the sign-in form says for each code the credentials provider can return (client-safe). */
const MESSAGES: Record<string, string> = {
  'unauthorized:auth': 'Wrong email or password.',
  'forbidden:auth': 'This account is deactivated. Ask an admin to reactivate it.',
  'rate_limited:auth': 'Too many failed sign-in attempts from here. Wait 15 minutes and try again.',
  'bad_request:auth': 'Enter your email and password.',
};

export function signInErrorMessage(code: string | null | undefined): string {
  return (code && MESSAGES[code]) || 'Sign-in failed. Try again in a moment.';
}

/** Only same-site paths may be a post-sign-in destination (no open redirects). */
export function safeCallbackUrl(value: string | string[] | undefined): string {
  const url = Array.isArray(value) ? value[0] : value;
  return url?.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\') ? url : '/';
}
