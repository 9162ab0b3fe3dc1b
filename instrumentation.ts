/**
 * Next.js start-up hook (Node.js runtime only; the edge runtime has no database): `startServerOrExit` registers
 * OpenTelemetry when enabled, migrates the database and resumes interrupted in-process jobs before serving — or stops
 * the process with one line naming the problem (see lib/boot.ts).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServerOrExit } = await import("./lib/boot");
  await startServerOrExit();
}
