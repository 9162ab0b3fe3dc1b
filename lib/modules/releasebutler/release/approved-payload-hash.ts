import "server-only";
import { eq } from "drizzle-orm";
import { confirmations, receipts } from "@/drizzle/schema";
import type { Db } from "@/lib/db/client";
import { payloadHashOfSummary } from "./create-release-summary";

/**
 * The payload hash the human approved for the confirmed call holding `receiptId`: the one its confirmation's summary
 * states (the notes and every asset's sha256 are inside it). @returns the hex, or null when none is recorded.
 */
export async function approvedPayloadHash(db: Db, receiptId: string): Promise<string | null> {
  const [row] = await db.select({ summary: confirmations.summary }).from(receipts).innerJoin(confirmations, eq(confirmations.id, receipts.confirmationId)).where(eq(receipts.id, receiptId)).limit(1);
  return row ? payloadHashOfSummary(row.summary) : null;
}
