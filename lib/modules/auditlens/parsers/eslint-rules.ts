// Plugins whose every rule is about security (eslint-plugin-security, -security-node, -no-unsanitized, -no-secrets,
// -xss, -scanjs-rules, @microsoft/eslint-plugin-sdl), under the names their docs configure them with.
const SECURITY_PLUGINS = /^(?:security|security-node|no-unsanitized|no-secrets|xss|scanjs-rules|@microsoft\/sdl)\//;
// Security rules of general-purpose rule sets: code from strings, `javascript:` URLs, raw HTML, reverse tabnabbing.
const SECURITY_RULES = new Set([
  "no-eval",
  "no-implied-eval",
  "no-new-func",
  "no-script-url",
  "@typescript-eslint/no-implied-eval",
  "react/no-danger",
  "react/jsx-no-script-url",
  "react/jsx-no-target-blank",
]);
const NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
// Documentation pages by plugin prefix ("" = core rules).
const DOCS: Record<string, (name: string) => string> = {
  "": (n) => `https://eslint.org/docs/latest/rules/${n}`,
  "@typescript-eslint": (n) => `https://typescript-eslint.io/rules/${n}`,
  security: (n) => `https://github.com/eslint-community/eslint-plugin-security/blob/main/docs/rules/${n}.md`,
  react: (n) => `https://github.com/jsx-eslint/eslint-plugin-react/blob/master/docs/rules/${n}.md`,
};

/**
 * What ESLint's JSON output does not say about a rule: its category (`security` for the rules above, else
 * `quality`) and its documentation page — eslint.org for core rules (no `/` in the id), the plugin's own docs for
 * typescript-eslint, eslint-plugin-security and eslint-plugin-react; none for other plugins (their URL is not
 * derivable from the id).
 */
export function eslintRuleInfo(ruleId: string): { category: "security" | "quality"; helpUrl?: string } {
  const category = SECURITY_PLUGINS.test(ruleId) || SECURITY_RULES.has(ruleId) ? "security" : "quality";
  const slash = ruleId.lastIndexOf("/");
  const plugin = slash < 0 ? "" : ruleId.slice(0, slash);
  const docs = Object.hasOwn(DOCS, plugin) ? DOCS[plugin] : undefined;
  const name = ruleId.slice(slash + 1);
  return docs && NAME.test(name) ? { category, helpUrl: docs(name) } : { category };
}
