/** Public surface of the pure security package (codec, SDDL, and — as they land — access checks). */
export * from "./binary-codec.ts";
export * from "./errors.ts";
// The access engineer's modules (schema facts, extended rights, GUID display names).
export * from "./extended-rights.ts";
export * from "./guid.ts";
export * from "./rights.ts";
export * from "./schema.ts";
export * from "./schema-data.ts";
export * from "./sddl-format.ts";
export * from "./sddl-parse.ts";
export * from "./sid.ts";
export * from "./types.ts";
export * from "./well-known-sids.ts";
