import pkg from "@/package.json";

/** Server identity reported to MCP clients and by `core.health`. */
export const SERVER_INFO = { name: "omniaudit", version: pkg.version } as const;
