/** GitHub Actions job logs: parse once, then cut bounded, sanitised windows for an MCP client. */
export { parseJobLog } from "./parse-job-log";
export { tailWindow } from "./tail-window";
export { errorsWindow, type ErrorsWindow } from "./errors-window";
export { grepWindow, type GrepWindow } from "./grep-window";
export { failureExcerpt, type FailureExcerpt } from "./failure-excerpt";
export { compileLogPattern, matchLogLines, type LogMatcher } from "./match-log-lines";
export { ERROR_SIGNATURES, type ErrorSignatureId } from "./error-signatures";
export type { LogError, LogGroup, LogLevel, LogLine, LogRange, LogStep, LogWindow, ParsedLog, WindowBounds, WindowLine } from "./types";
