/** Messages for next-auth's error codes (never the server's own error text). */
const ERRORS: Record<string, string> = {
  CredentialsSignin: "Wrong username or password.",
  AccessDenied: "This GitHub account is not allowed to operate this server (OPERATOR_GITHUB_LOGINS).",
  SessionRequired: "Sign in to continue.",
};

/**
 * The sign-in page's message for a next-auth error code, including the throttle's `TooManyAttempts:<seconds>`
 * (lib/auth/auth-options.ts); unknown codes get a generic message.
 */
export function signInErrorMessage(code: string | null | undefined): string {
  if (!code) return "Sign-in failed. Try again.";
  const locked = /^TooManyAttempts:(\d{1,6})$/.exec(code);
  if (locked) {
    const s = Number(locked[1]);
    const wait = s >= 90 ? `${Math.ceil(s / 60)} minutes` : `${s} seconds`;
    return `Too many failed sign-ins: this account or address is locked for ${wait}. Try again then; an operator can see the attempts in the audit log (tool auth_sign_in).`;
  }
  return ERRORS[code] ?? "Sign-in failed. Try again.";
}
