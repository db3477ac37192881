/**
 * Body validation shared by both adapters: the ajv options (fastify is configured with the same ones,
 * so both reject the same bodies) and the message format of a 400.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";

/** No type coercion, no silent removal: a wrong body is an error, as in Graph. */
export const AJV_OPTIONS = {
  coerceTypes: false,
  removeAdditional: false,
  useDefaults: true,
  allErrors: false,
} as const;

/** "body/newPassword must be string", "body must have required property 'currentPassword'". */
export function formatValidationErrors(
  errors: ReadonlyArray<Partial<ErrorObject>>,
  context = "body",
): string {
  return errors
    .map((e) => {
      const extra =
        e.keyword === "additionalProperties" && e.params && "additionalProperty" in e.params
          ? ` ('${String((e.params as { additionalProperty: string }).additionalProperty)}')`
          : e.keyword === "enum" && e.params && "allowedValues" in e.params
            ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(", ")})`
            : "";
      return `${context}${e.instancePath ?? ""} ${e.message ?? "is invalid"}${extra}`;
    })
    .join("; ");
}

const ajv = new Ajv(AJV_OPTIONS);
const cache = new WeakMap<object, ValidateFunction>();

/** Validates `body` against `schema`; returns the error message or undefined. */
export function validateBody(schema: Record<string, unknown>, body: unknown): string | undefined {
  const fn = cache.get(schema) ?? ajv.compile(schema);
  cache.set(schema, fn);
  return fn(body) ? undefined : formatValidationErrors(fn.errors ?? []);
}

/**
 * The JSON schema of a request body as Graph checks it: an object with these properties and no
 * others (an unknown property is a 400, not ignored). `extra` (required, minProperties) sits between.
 */
export function closedObject(
  properties: Record<string, unknown>,
  extra: { required?: string[]; minProperties?: number } = {},
): Record<string, unknown> {
  return { type: "object", additionalProperties: false, ...extra, properties };
}
