import { AppError } from "@/lib/errors";
import { detectFormat } from "../artifact/detect-format";
import type { DetectedFormat } from "../artifact/types";
import { parseBandit } from "./bandit";
import { parseEslint } from "./eslint";
import { parseGitleaks } from "./gitleaks";
import { parseGrype } from "./grype";
import { parseJunit } from "./junit";
import { parseLog } from "./log";
import { parseNpmAudit } from "./npm-audit";
import { parseRetireJs } from "./retirejs";
import { parseSarif } from "./sarif";
import { parseSemgrep } from "./semgrep";
import { parseTrivy } from "./trivy";
import { parseYarnAudit } from "./yarn-audit";
import type { ParserProfile, ReportParser } from "./types";

export type { ParserProfile } from "./types";

/** Every parser profile, in documentation order. */
export const PARSER_PROFILES = ["sarif", "junit", "eslint", "npm_audit", "yarn_audit", "trivy", "grype", "semgrep", "gitleaks", "bandit", "retirejs", "log"] as const satisfies readonly ParserProfile[];

const PARSERS: Record<ParserProfile, ReportParser> = {
  sarif: parseSarif, junit: parseJunit, eslint: parseEslint, npm_audit: parseNpmAudit, yarn_audit: parseYarnAudit, trivy: parseTrivy,
  grype: parseGrype, semgrep: parseSemgrep, gitleaks: parseGitleaks, bandit: parseBandit, retirejs: parseRetireJs, log: parseLog,
};

/** The parser of a profile. */
export function parserFor(profile: ParserProfile): ReportParser {
  return PARSERS[profile];
}

/**
 * The parser profile `auto` picks for a file, from its content (`detectFormat` on its first 64 KiB, never the name):
 * a report format maps to its parser; plain text to `log`.
 * @throws AppError `VALIDATION_ERROR` (`reason: "unsupported_format"`) for binary files and JSON/XML that is no
 *   supported report (CycloneDX, SPDX, Checkstyle, anything else) — pass `parser_profile` to force one.
 */
export function autoProfile(head: Buffer, name?: string): ParserProfile {
  const detected: DetectedFormat = detectFormat(head, name);
  if ((PARSER_PROFILES as readonly string[]).includes(detected)) return detected as ParserProfile;
  if (detected === "text") return "log";
  const what = detected === "binary" ? "a binary file" : `${detected} that is not a supported report`;
  throw new AppError("VALIDATION_ERROR", `parser_profile auto: ${name ? `${name} is ` : "the input is "}${what}. Supported: ${PARSER_PROFILES.join(", ")}; pass parser_profile to force one.`, { reason: "unsupported_format", detected });
}
