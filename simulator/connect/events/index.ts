export * from "./catalogue.ts";
export * from "./event-log.ts";
export * from "./hresults.ts";
export * from "./types.ts";
