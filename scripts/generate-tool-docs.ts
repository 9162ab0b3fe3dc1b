// Regenerate docs/tools.md and the tool schema snapshots (lib/tools/__toolsnaps__) from the registry.
import fs from "node:fs";
import path from "node:path";
import { renderToolDocs } from "@/lib/tools/generate-docs";
import { toolSnapshot } from "@/lib/tools/list-tools";
import { tools } from "@/lib/tools/registry";

const root = process.cwd();
fs.writeFileSync(path.join(root, "docs", "tools.md"), renderToolDocs(tools));
const snaps = path.join(root, "lib", "tools", "__toolsnaps__");
fs.mkdirSync(snaps, { recursive: true });
for (const t of tools) fs.writeFileSync(path.join(snaps, `${t.name}.json`), JSON.stringify(toolSnapshot(t), null, 2) + "\n");
console.log(`wrote docs/tools.md and ${tools.length} tool snapshots`);
