/**
 * What the protocol layer (lib/tools) offers one call besides its arguments, without the runtime knowing MCP: narration
 * for the user while the call runs, and — when the client can ask its user — approval inside the chat.
 */

/** MCP logging levels (RFC 5424 severities, MCP 2025-11-25 server/utilities/logging). */
export type LogLevel = "debug" | "info" | "notice" | "warning" | "error" | "critical" | "alert" | "emergency";

/** The answer a user gave to an in-chat approval request. */
export type ApprovalAnswer = "accept" | "decline" | "cancel";

/**
 * In-chat approval, one of the two shapes of MCP:
 * - `ask` (2025-11-25, push): the server sends `elicitation/create` to the client during the call and waits for the
 *   user's answer — the whole approval happens inside one `tools/call`.
 * - `rounds` (2026-07-28, multi round-trip): the first call returns `input_required` carrying the request and an
 *   integrity-protected `requestState`; the client asks the user and retries the same call with the answer and the
 *   state echoed back.
 */
export type InChatApproval =
  | { kind: "ask"; ask(message: string): Promise<ApprovalAnswer> }
  | {
      kind: "rounds";
      /** The echoed `requestState` of a retry (raw wire string, not yet verified), undefined on the first round. */
      state: string | undefined;
      /** The user's answer carried by this retry, undefined when absent. */
      answer: ApprovalAnswer | undefined;
      /** Seal a confirmation token into a `requestState` bound to this caller and tool. */
      seal(token: string): Promise<string>;
      /** Verify and open a `requestState`. @throws when it was altered, expired or minted for another caller. */
      open(state: string): Promise<string>;
    };

/** The protocol layer's side of one call. Every method is best-effort and never throws. */
export type CallChannel = {
  /** A user-facing log line (`notifications/message`), filtered by the level the client asked for. */
  log(level: LogLevel, message: string, data?: Record<string, unknown>): Promise<void>;
  /** Progress (`notifications/progress`) when the caller sent a progress token; a no-op otherwise. */
  progress(done: number, total: number | undefined, message?: string): Promise<void>;
  /** Set when the client can ask its user (form elicitation); `elicitation`-mode writes use it. */
  approval?: InChatApproval;
  /** Aborted when the client cancels the request or disconnects. */
  signal?: AbortSignal;
};

/** A channel that says nothing: for calls from outside MCP (tests, scripts) and clients that listen to nothing. */
export const SILENT_CHANNEL: CallChannel = { log: async () => undefined, progress: async () => undefined };

/** The `input_required` answer of a first `rounds` call: what to ask the user, and the state to echo back. */
export type ApprovalRequest = { message: string; requestState: string; confirmationId: string };
