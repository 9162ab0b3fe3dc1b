import { arr, int, obj, str, type Rec } from "./sarif-shape";

/** One tool component (SARIF 2.1.0 §3.19): the driver or an extension, with its rules indexed by id and guid. */
export type SarifComponent = { name?: string; guid?: string; rules: Rec[]; byId: Map<string, Rec>; globalMessageStrings?: Rec };

/**
 * A run's `tool` (§3.18), indexed once: `components[0]` is the driver, `components[i + 1]` is `extensions[i]`;
 * `taxonomies` are the driver's `supportedTaxonomies` (§3.19.29: name, `run.taxonomies` index, guid) — the run's own
 * `taxonomies` usually come after its results.
 */
export type SarifTool = { name: string; components: SarifComponent[]; taxonomies: { name?: string; index?: number; guid?: string }[] };

/** The rule a result refers to, and the component it lives in (for `globalMessageStrings`). */
export type RuleRef = { rule?: Rec; component?: SarifComponent };

function indexComponent(v: unknown): SarifComponent {
  const c = obj(v) ?? {};
  const rules = arr(c.rules).map((r) => obj(r) ?? {});
  const byId = new Map<string, Rec>();
  for (const r of rules) {
    const id = str(r.id);
    if (id !== undefined && !byId.has(id)) byId.set(id, r);
    const guid = str(r.guid);
    if (guid !== undefined) byId.set(`guid:${guid.toLowerCase()}`, r);
  }
  return { name: str(c.name), guid: str(c.guid)?.toLowerCase(), rules, byId, globalMessageStrings: obj(c.globalMessageStrings) };
}

/**
 * Index a run's `tool` object: the driver and every extension (`tool.extensions[*]`, e.g. CodeQL query packs), their
 * `rules` by `id` and `guid`. The name is `driver.name` lower-cased (`"unknown"` when absent).
 */
export function indexTool(tool: unknown): SarifTool {
  const t = obj(tool) ?? {};
  const components = [indexComponent(t.driver), ...arr(t.extensions).map(indexComponent)];
  const taxonomies = arr(obj(t.driver)?.supportedTaxonomies).slice(0, 100).map((v) => ({ name: str(obj(v)?.name), index: int(obj(v)?.index), guid: str(obj(v)?.guid)?.toLowerCase() }));
  return { name: (components[0]?.name ?? "unknown").trim().toLowerCase() || "unknown", components, taxonomies };
}

/** The component a `toolComponentReference` (§3.54) names: by `index` into extensions, else `guid`, else `name`. */
function componentOf(tool: SarifTool, ref: Rec | undefined): SarifComponent | undefined {
  if (!ref) return tool.components[0];
  const index = int(ref.index);
  if (index !== undefined) return tool.components[index + 1];
  const guid = str(ref.guid)?.toLowerCase();
  if (guid !== undefined) return tool.components.find((c) => c.guid === guid);
  const name = str(ref.name);
  return name === undefined ? tool.components[0] : tool.components.find((c) => c.name === name);
}

/** `id`, or its hierarchical parents (`C2001/1` → `C2001`, §3.27.5), in `component`. */
function byHierarchicalId(component: SarifComponent | undefined, id: string): Rec | undefined {
  for (let key = id; component; ) {
    const hit = component.byId.get(key);
    if (hit) return hit;
    const slash = key.lastIndexOf("/");
    if (slash <= 0) return undefined;
    key = key.slice(0, slash);
  }
  return undefined;
}

/**
 * The rule (`reportingDescriptor`) a result refers to (§3.27.6–3.27.7, §3.52): `rule.toolComponent` picks the
 * component (default: the driver); then `rule.index` / `ruleIndex`, checked against the id when both are given (a
 * stale index loses to the id); else `ruleId` / `rule.id` / `rule.guid` (hierarchical ids walk up to their parent),
 * searched in every component when the reference names none. Last resort, for writers that omit the rule id (Gitleaks
 * 7): the driver rule whose `id` or `name` the message starts with, the longest such.
 */
export function findRule(tool: SarifTool | undefined, result: Rec, messageText?: string): RuleRef {
  if (!tool) return {};
  const ref = obj(result.rule);
  const tcRef = obj(ref?.toolComponent);
  const component = componentOf(tool, tcRef);
  const id = str(result.ruleId) ?? str(ref?.id);
  const index = int(ref?.index) ?? int(result.ruleIndex);
  const indexed = index === undefined ? undefined : component?.rules[index];
  if (indexed && (id === undefined || indexed.id === id || id.startsWith(`${String(indexed.id)}/`))) return { rule: indexed, component };
  const guid = str(ref?.guid)?.toLowerCase();
  if (guid !== undefined) {
    const hit = component?.byId.get(`guid:${guid}`);
    if (hit) return { rule: hit, component };
  }
  if (id !== undefined) {
    const searched = tcRef ? [component] : tool.components;
    for (const c of searched) {
      const hit = byHierarchicalId(c, id);
      if (hit) return { rule: hit, component: c };
    }
  }
  if (indexed) return { rule: indexed, component };
  if (id !== undefined) return { component };
  return messageText === undefined ? { component } : { rule: ruleFromMessage(tool.components[0], messageText), component: tool.components[0] };
}

function ruleFromMessage(driver: SarifComponent | undefined, text: string): Rec | undefined {
  let best: Rec | undefined;
  let bestLength = 0;
  for (const r of driver?.rules ?? []) {
    for (const label of [str(r.id), str(r.name)]) {
      if (label === undefined || label.length <= bestLength || !text.startsWith(label)) continue;
      const next = text.charAt(label.length);
      if (next === "" || /[\s:.,;-]/.test(next)) [best, bestLength] = [r, label.length];
    }
  }
  return best;
}

/**
 * The name of the taxonomy a `toolComponentReference` points to (§3.54): its `name`, else the driver's
 * `supportedTaxonomies` entry with that guid or index, else `run.taxonomies[index].name` when read already.
 */
export function taxonomyName(tool: SarifTool | undefined, ref: Rec | undefined, runTaxonomies: readonly (string | undefined)[]): string | undefined {
  if (!ref) return undefined;
  const name = str(ref.name);
  if (name !== undefined) return name;
  const guid = str(ref.guid)?.toLowerCase();
  const index = int(ref.index);
  const supported = tool?.taxonomies.find((t) => (guid !== undefined && t.guid === guid) || (index !== undefined && t.index === index));
  return supported?.name ?? (index === undefined ? undefined : runTaxonomies[index]);
}

/** A message string by id (§3.11.7): the rule's `messageStrings`, else the component's `globalMessageStrings`. */
export function messageString(ref: RuleRef, id: string): Rec | undefined {
  return obj(obj(ref.rule?.messageStrings)?.[id]) ?? obj(ref.component?.globalMessageStrings?.[id]);
}
