import "server-only";
import type { Db } from "@/lib/db/client";
import type { ObjectStore } from "@/lib/object-store";
import { describeFinding } from "./describe-finding";
import { describeJob } from "./describe-job";
import { describeReceipt } from "./describe-receipt";
import { describeScan } from "./describe-scan";
import { describeTriage } from "./describe-triage";
import { MAX_DOCUMENT_CHARS, type RecordDocument } from "./record-document";
import type { RecordRef } from "./record-ref";

/**
 * Read one record for `fetch` and render it as plain text with metadata (each kind's `describe-*.ts`); the text is
 * cut at {@link MAX_DOCUMENT_CHARS}.
 * @returns undefined when the record does not exist.
 * @throws only for unexpected database or object-store failures.
 */
export async function fetchRecord(db: Db, objectStore: ObjectStore, ref: RecordRef): Promise<RecordDocument | undefined> {
  const doc = await describe(db, objectStore, ref);
  if (!doc || doc.text.length <= MAX_DOCUMENT_CHARS) return doc;
  const end = /[\ud800-\udbff]/.test(doc.text[MAX_DOCUMENT_CHARS - 1] ?? "") ? MAX_DOCUMENT_CHARS - 1 : MAX_DOCUMENT_CHARS;
  return { ...doc, text: `${doc.text.slice(0, end)}\n[…cut]` };
}

function describe(db: Db, objectStore: ObjectStore, { kind, id }: RecordRef): Promise<RecordDocument | undefined> {
  switch (kind) {
    case "finding":
      return describeFinding(db, id);
    case "scan":
      return describeScan(db, id);
    case "triage":
      return describeTriage(db, id);
    case "receipt":
      return describeReceipt(db, objectStore, id);
    case "job":
      return describeJob(db, id);
  }
}
