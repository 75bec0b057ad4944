/** Emails are stored and compared lower-cased and trimmed: one person, one address. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
