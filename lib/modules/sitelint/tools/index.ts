import { deleteScan } from "./delete-scan";
import { getScan } from "./get-scan";
import { listFindings } from "./list-findings";
import { startScan } from "./start-scan";

/** SiteLint's tools. */
export const sitelintTools = [startScan, getScan, listFindings, deleteScan];
