/**
 * Loads a scenario file: YAML → schema validation → a typed Scenario whose steps remember their
 * line numbers. Any problem is a ScenarioLoadError naming the file, line and column and what was
 * expected; nothing is half-loaded.
 */
import { readFileSync } from "node:fs";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { type Document, isMap, LineCounter, type Node, parseDocument } from "yaml";
import { isWorldName, UnknownWorldError, type WorldName } from "../../simulator/worlds/registry.ts";
import { SCENARIO_SCHEMA } from "./scenario-schema.ts";
import { KNOWN_STEP_KINDS, STEP_KINDS } from "./step-kinds.ts";

export interface EventExpectation {
  source?: string;
  id: number;
  contains?: string;
}

export interface Expectations {
  outcome?: "success" | "failure";
  ssprCode?: string;
  message?: string;
  events?: EventExpectation[];
  noEvents?: boolean | EventExpectation[];
  ldap?: { code: number; message?: string };
  wizard?: { page: string; error?: string };
  directory?: DirectoryExpectation | DirectoryExpectation[];
  access?: AccessExpectation | AccessExpectation[];
  output?: string;
}

export interface DirectoryExpectation {
  dn: string;
  attribute: string;
  equals?: string | number | boolean;
  contains?: string | number;
  absent?: boolean;
}

export interface AccessExpectation {
  principal: string;
  object: string;
  right: string;
  allowed: boolean;
}

export interface ScenarioStep {
  kind: string;
  params: unknown;
  expect?: Expectations;
  note?: string;
  /** 1-based line of the step in its file. */
  line: number;
}

export interface Scenario {
  file: string;
  name: string;
  title: string;
  description: string;
  tags: string[];
  source?: string;
  world: WorldName;
  personality: "windows" | "samba";
  targets?: string[];
  steps: ScenarioStep[];
}

export class ScenarioLoadError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly detail: string,
  ) {
    super(`${file}:${line}:${column}: ${detail}`);
    this.name = "ScenarioLoadError";
  }
}

const ajv = new Ajv({ allErrors: false, strict: false });
const validateScenario = ajv.compile(SCENARIO_SCHEMA);
// Each step kind's validator is compiled the first time a scenario uses that kind: compiling all of
// them up front cost every `wbsim run` about 100 ms for kinds the scenario never uses.
const stepValidators = new Map<string, ValidateFunction>();
function stepValidator(kind: string): ValidateFunction | undefined {
  let validate = stepValidators.get(kind);
  if (!validate && Object.hasOwn(STEP_KINDS, kind)) {
    validate = ajv.compile(STEP_KINDS[kind]);
    stepValidators.set(kind, validate);
  }
  return validate;
}

export function loadScenarioFile(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new ScenarioLoadError(file, 1, 1, `cannot read the file: ${(err as Error).message}`);
  }
  return parseScenario(text, file);
}

export function parseScenario(text: string, file = "<scenario>"): Scenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const where = (node: Node | null | undefined): { line: number; col: number } =>
    node?.range ? lineCounter.linePos(node.range[0]) : { line: 1, col: 1 };
  const fail = (node: Node | null | undefined, detail: string): never => {
    const { line, col } = where(node);
    throw new ScenarioLoadError(file, line, col, detail);
  };

  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const { line, col } = lineCounter.linePos(e.pos[0]);
    throw new ScenarioLoadError(file, line, col, `YAML syntax error: ${e.message.split("\n")[0]}`);
  }
  const data = doc.toJS() as Record<string, unknown> | null;
  if (!isMap(doc.contents))
    fail(doc.contents as Node, "expected a mapping with name, title, description and steps");
  // Before the schema, so a misspelt world gets the registry's list rather than a bare enum.
  const world = data?.world;
  if (typeof world === "string" && !isWorldName(world))
    fail(doc.get("world", true) as Node, new UnknownWorldError(world).message);
  if (!validateScenario(data)) {
    const err = (validateScenario.errors ?? [])[0];
    fail(nodeAt(doc, err.instancePath), describeAjvError(err));
  }
  const scenario = data as unknown as Omit<Scenario, "file" | "steps"> & { steps: Record<string, unknown>[] };
  const steps: ScenarioStep[] = scenario.steps.map((raw, index) => {
    const stepNode = doc.getIn(["steps", index], true) as Node;
    const kinds = Object.keys(raw).filter((k) => k !== "expect" && k !== "note");
    if (kinds.length !== 1) {
      fail(
        stepNode,
        `a step has exactly one step kind besides "expect" and "note"; found ${kinds.length ? kinds.join(", ") : "none"}`,
      );
    }
    const kind = kinds[0];
    const validate = stepValidator(kind);
    if (!validate) {
      fail(
        doc.getIn(["steps", index], true) as Node,
        `unknown step kind "${kind}"; known kinds: ${KNOWN_STEP_KINDS.join(", ")}`,
      );
      throw new Error("unreachable");
    }
    const params = raw[kind] ?? null;
    if (!validate(params)) {
      const err = (validate.errors ?? [])[0];
      fail(
        nodeAt(doc, `/steps/${index}/${escapePointer(kind)}${err.instancePath}`),
        `${kind}: ${describeAjvError(err)}`,
      );
    }
    return {
      kind,
      params,
      expect: raw.expect as Expectations | undefined,
      note: raw.note as string | undefined,
      line: where(stepNode).line,
    };
  });
  return {
    file,
    name: scenario.name,
    title: scenario.title,
    description: scenario.description,
    tags: scenario.tags ?? [],
    source: scenario.source,
    world: scenario.world ?? "contoso",
    personality: scenario.personality ?? "windows",
    targets: scenario.targets,
    steps,
  };
}

function escapePointer(s: string): string {
  return s.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The deepest YAML node that exists along a JSON pointer, so errors point as close as possible. */
function nodeAt(doc: Document, pointer: string): Node | null {
  const path = pointer
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  let node: Node | null = doc.contents as Node;
  for (let i = path.length; i >= 0; i--) {
    const candidate = path.length === 0 ? doc.contents : doc.getIn(path.slice(0, i), true);
    if (candidate && typeof candidate === "object") {
      node = candidate as Node;
      break;
    }
  }
  return node;
}

function describeAjvError(err: ErrorObject): string {
  const at = err.instancePath ? `at ${err.instancePath}: ` : "";
  switch (err.keyword) {
    case "required":
      return `${at}missing required key "${(err.params as { missingProperty: string }).missingProperty}"`;
    case "additionalProperties":
      return `${at}unexpected key "${(err.params as { additionalProperty: string }).additionalProperty}"`;
    case "enum":
      return `${at}expected one of ${(err.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
    case "type":
      return `${at}expected ${(err.params as { type: string }).type}`;
    case "pattern":
      return `${at}does not match ${(err.params as { pattern: string }).pattern}`;
    default:
      return `${at}${err.message ?? err.keyword}`;
  }
}
