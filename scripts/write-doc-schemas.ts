/**
 * Writes docs/relay/*.schema.json from the schemas the relay routes validate with
 * (simulator/cloud/relay/schemas.ts): `node bin/run-ts.mjs scripts/write-doc-schemas.ts`.
 * test/cloud/relay-protocol-doc.test.ts fails when the files and the code differ.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RELAY_SCHEMAS } from "../simulator/cloud/relay/schemas.ts";

export const DOC_SCHEMA_DIR = join(import.meta.dirname, "../docs/relay");

export function docSchema(name: string, schema: Record<string, unknown>): Record<string, unknown> {
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: `https://writeback-sim.invalid/docs/relay/${name}.schema.json`,
    ...schema,
  };
}

if (process.argv[1] === import.meta.filename) {
  mkdirSync(DOC_SCHEMA_DIR, { recursive: true });
  for (const [name, schema] of Object.entries(RELAY_SCHEMAS)) {
    writeFileSync(
      join(DOC_SCHEMA_DIR, `${name}.schema.json`),
      `${JSON.stringify(docSchema(name, schema), null, 2)}\n`,
    );
  }
  process.stdout.write(`wrote ${Object.keys(RELAY_SCHEMAS).length} schemas to docs/relay/\n`);
}
