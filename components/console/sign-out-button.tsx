"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";

/** Signs the operator out (next-auth, CSRF-protected POST) and loads the sign-in page. */
export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      disabled={pending}
      onClick={async () => {
        setPending(true);
        // redirect: false + a relative navigation: next-auth's own redirect would use NEXTAUTH_URL, which may be unset.
        await signOut({ redirect: false }).catch(() => undefined);
        // A full page load on purpose: it drops the client router's cache of console pages rendered for the session.
        // eslint-disable-next-line @next/next/no-location-assign-relative-destination
        window.location.assign("/signin");
      }}
      className="text-[11px] font-medium text-zinc-400 hover:text-white disabled:opacity-60"
      data-testid="sign-out"
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
