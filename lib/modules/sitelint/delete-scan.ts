import "server-only";
import { and, count, eq, ne, sql } from "drizzle-orm";
import { findings, receipts, scanPages, scans } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { ObjectStore } from "@/lib/object-store";
import { getScanRow } from "./queries";

export type ScanFootprint = { scan: NonNullable<Awaited<ReturnType<typeof getScanRow>>>; pages: number; findings: number; objectRefs: string[] };

/**
 * What deleting a scan would remove: its pages, findings and the evidence objects they reference.
 * @throws AppError `NOT_FOUND` for an unknown scan.
 */
export async function scanFootprint(db: Db, scanId: string): Promise<ScanFootprint> {
  const scan = await getScanRow(db, scanId);
  if (!scan) throw new AppError("NOT_FOUND", `No scan ${scanId}.`);
  const [pageRows, [f], refRows] = await Promise.all([
    db.select({ ref: scanPages.screenshotRef }).from(scanPages).where(eq(scanPages.scanId, scanId)),
    db.select({ n: count() }).from(findings).where(and(eq(findings.sourceKind, "scan"), eq(findings.sourceId, scanId))),
    db.selectDistinct({ refs: findings.evidenceRefs }).from(findings).where(and(eq(findings.sourceKind, "scan"), eq(findings.sourceId, scanId))),
  ]);
  const refs = new Set<string>();
  for (const p of pageRows) if (p.ref) refs.add(p.ref);
  for (const r of refRows) for (const ref of r.refs) refs.add(ref);
  return { scan, pages: pageRows.length, findings: Number(f?.n ?? 0), objectRefs: [...refs] };
}

/** True when another scan's page or finding, or a receipt, still references the object (objects are shared by content). */
async function stillReferenced(db: Db, ref: string, scanId: string): Promise<boolean> {
  const [[p], [f], [r]] = await Promise.all([
    db.select({ n: count() }).from(scanPages).where(and(eq(scanPages.screenshotRef, ref), ne(scanPages.scanId, scanId))),
    db.select({ n: count() }).from(findings).where(and(sql`${findings.evidenceRefs} @> ${JSON.stringify([ref])}::jsonb`, ne(findings.sourceId, scanId))),
    db.select({ n: count() }).from(receipts).where(eq(receipts.resultRef, ref)),
  ]);
  return Number(p?.n) + Number(f?.n) + Number(r?.n) > 0;
}

/**
 * Delete a finished scan: its findings, pages and scan row in one transaction, then the evidence objects no other
 * scan or receipt references. Its job row, receipts and audit rows stay.
 * @returns counts of what was removed.
 * @throws AppError `NOT_FOUND` for an unknown scan; `CONFLICT` while the scan is still running.
 */
export async function deleteScan(db: Db, objectStore: ObjectStore, scanId: string) {
  const fp = await scanFootprint(db, scanId);
  if (fp.scan.status === "queued" || fp.scan.status === "running") {
    throw new AppError("CONFLICT", `Scan ${scanId} is ${fp.scan.status}; wait until it finishes before deleting it.`);
  }
  await db.transaction(async (tx) => {
    await tx.delete(findings).where(and(eq(findings.sourceKind, "scan"), eq(findings.sourceId, scanId)));
    await tx.delete(scanPages).where(eq(scanPages.scanId, scanId));
    await tx.delete(scans).where(eq(scans.id, scanId));
  });
  let deletedObjects = 0;
  for (const ref of fp.objectRefs) {
    if (await stillReferenced(db, ref, scanId)) continue;
    await objectStore.delete(ref);
    deletedObjects++;
  }
  return { scan_id: scanId, url: fp.scan.url, deleted_pages: fp.pages, deleted_findings: fp.findings, deleted_objects: deletedObjects };
}
