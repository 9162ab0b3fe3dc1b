import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));

/**
 * The shared test corpus (`OMNIAUDIT_CORPUS_DIR`, else `../shared/corpus` beside the project), or `undefined` when it
 * is not there — tests then skip with {@link CORPUS_MISSING} instead of failing. Test-only: the corpus location is a
 * property of the checkout, not of the app, so it is read here rather than through `lib/env.ts`.
 */
export function corpusDir(): string | undefined {
  const dir = corpusRoot();
  return fs.existsSync(path.join(dir, "sites")) ? dir : undefined;
}

/** Where the corpus is expected (`OMNIAUDIT_CORPUS_DIR`, else `../shared/corpus` beside the project), present or not. */
export function corpusRoot(): string {
  return process.env.OMNIAUDIT_CORPUS_DIR ?? path.resolve(HERE, "..", "..", "..", "shared", "corpus");
}

export const CORPUS_MISSING = "corpus not found: set OMNIAUDIT_CORPUS_DIR or place ../shared/corpus beside the project";

/** Width and height of a PNG from its IHDR chunk (PNG spec §11.2.2), to check screenshot dimensions. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/**
 * Violations SiteLint reports on Lighthouse's a11y_tester.html with Lighthouse 13's axe configuration widened to WCAG 2.2
 * A/AA (`checks/accessibility.ts`; pinned axe-core 4.14) — needs-review results excluded. Includes the best-practice
 * rules Lighthouse enables by name (accesskeys, heading-order, landmark-one-main, skip-link, tabindex, …). The exact
 * set, so a lost or spurious rule fails a test (lighthouse-fixtures.test.ts checks it against a real run).
 */
export const A11Y_TESTER_WCAG_VIOLATIONS = [
  "accesskeys", "aria-allowed-attr", "aria-allowed-role", "aria-command-name", "aria-conditional-attr",
  "aria-deprecated-role", "aria-dialog-name", "aria-hidden-focus", "aria-input-field-name", "aria-meter-name",
  "aria-progressbar-name", "aria-prohibited-attr", "aria-required-attr", "aria-required-children",
  "aria-required-parent", "aria-roles", "aria-text", "aria-toggle-field-name", "aria-tooltip-name",
  "aria-treeitem-name", "aria-valid-attr", "aria-valid-attr-value", "button-name", "color-contrast", "definition-list",
  "dlitem", "document-title", "empty-heading", "frame-title", "heading-order", "html-has-lang", "image-alt",
  "image-redundant-alt", "input-button-name", "input-image-alt", "label", "label-content-name-mismatch",
  "landmark-one-main", "link-in-text-block", "link-name", "list", "listitem", "meta-viewport", "object-alt",
  "select-name", "skip-link", "tabindex", "table-duplicate-name", "table-fake-caption", "target-size", "td-has-header",
  "td-headers-attr", "valid-lang",
];
