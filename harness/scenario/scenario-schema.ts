import { WORLD_NAMES } from "../../simulator/worlds/registry.ts";

/**
 * The JSON schema of a scenario file (scenarios/*.yaml). Step parameters are validated separately,
 * against the schema of their kind (step-kinds.ts), so an unknown kind can list the known ones.
 */
const str = { type: "string", minLength: 1 } as const;

const eventExpectation = {
  type: "object",
  required: ["id"],
  additionalProperties: false,
  properties: { source: str, id: { type: "integer" }, contains: str },
} as const;

const oneOrMany = (schema: Record<string, unknown>) => ({
  oneOf: [schema, { type: "array", items: schema }],
});

export const EXPECTATION_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    outcome: { enum: ["success", "failure"] },
    ssprCode: str,
    message: str,
    events: { type: "array", items: eventExpectation },
    noEvents: { oneOf: [{ type: "boolean" }, { type: "array", items: eventExpectation }] },
    ldap: {
      type: "object",
      required: ["code"],
      additionalProperties: false,
      properties: { code: { type: "integer" }, message: str },
    },
    wizard: {
      type: "object",
      required: ["page"],
      additionalProperties: false,
      properties: { page: str, error: str },
    },
    directory: oneOrMany({
      type: "object",
      required: ["dn", "attribute"],
      additionalProperties: false,
      properties: {
        dn: str,
        attribute: str,
        equals: { type: ["string", "number", "boolean"] },
        contains: { type: ["string", "number"] },
        absent: { type: "boolean" },
      },
    }),
    access: oneOrMany({
      type: "object",
      required: ["principal", "object", "right", "allowed"],
      additionalProperties: false,
      properties: { principal: str, object: str, right: str, allowed: { type: "boolean" } },
    }),
    output: str,
  },
} as const;

export const SCENARIO_SCHEMA = {
  type: "object",
  required: ["name", "title", "description", "steps"],
  additionalProperties: false,
  properties: {
    name: { type: "string", pattern: "^[a-z0-9]+(-[a-z0-9]+)*$" },
    title: str,
    description: str,
    tags: { type: "array", items: str },
    source: str,
    world: { enum: WORLD_NAMES },
    personality: { enum: ["windows", "samba"] },
    targets: { type: "array", items: { enum: ["fake", "samba-container", "external"] } },
    steps: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        minProperties: 1,
        properties: { expect: EXPECTATION_SCHEMA, note: str },
      },
    },
  },
} as const;
