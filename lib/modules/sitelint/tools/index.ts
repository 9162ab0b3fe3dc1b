import { compareScans } from "./compare-scans";
import { deleteScan } from "./delete-scan";
import { exportReport } from "./export-report";
import { getScan } from "./get-scan";
import { listAuthProfiles } from "./list-auth-profiles";
import { listFindings } from "./list-findings";
import { startScan } from "./start-scan";

/** SiteLint's tools. */
export const sitelintTools = [startScan, getScan, listFindings, deleteScan, listAuthProfiles, compareScans, exportReport];
