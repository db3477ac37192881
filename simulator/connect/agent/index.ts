export * from "./http-relay-listener.ts";
export * from "./locate-user.ts";
export * from "./outcome-mapping.ts";
export * from "./writeback-agent.ts";
