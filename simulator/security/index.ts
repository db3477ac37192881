/** Public surface of the pure security package: codec, SDDL, schema facts, access checks, inheritance. */

export * from "./access-check.ts";
export * from "./binary-codec.ts";
export * from "./errors.ts";
export * from "./explain.ts";
export * from "./extended-rights.ts";
export * from "./guid.ts";
export * from "./inheritance.ts";
export * from "./object-types.ts";
export * from "./rights.ts";
export * from "./schema.ts";
export * from "./schema-data.ts";
export * from "./sddl-format.ts";
export * from "./sddl-parse.ts";
export * from "./sid.ts";
export * from "./token.ts";
export * from "./types.ts";
export * from "./well-known-sids.ts";
