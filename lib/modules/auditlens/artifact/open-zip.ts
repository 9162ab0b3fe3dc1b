import yauzl, { type ZipFile } from "yauzl";
import { refusalFromZipError } from "./zip-refusal";

/** yauzl options fixed for artifacts: entries on demand, we close, names decoded and checked, sizes verified. */
const OPEN_OPTIONS: yauzl.Options = { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true, decodeStrings: true };

/**
 * Open a zip file with yauzl (reads the end-of-central-directory record only). The caller must `close()` it.
 * @throws AppError VALIDATION_ERROR `malformed_zip` (not a zip, truncated) or `encrypted`.
 */
export function openZip(file: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, OPEN_OPTIONS, (err, zip) => (err || !zip ? reject(refusalFromZipError(err)) : resolve(zip)));
  });
}
