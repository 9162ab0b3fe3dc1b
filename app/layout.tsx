import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "OmniAudit", template: "%s · OmniAudit" },
  description: "OmniAudit operator console: background audit jobs, SiteLint scans and findings.",
  robots: { index: false, follow: false },
};

/** Root document. The console chrome (sidebar, sign-in gate) lives in `app/(console)/layout.tsx`. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
