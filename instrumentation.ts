/**
 * Next.js start-up hook: migrate the database and resume interrupted in-process jobs before serving.
 * (Only in the Node.js runtime; the edge runtime has no database.)
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { bootServer } = await import("./lib/boot");
  await bootServer();
}
