import type { Command } from "commander";
import { register as registerAccessCheck } from "./access-check.ts";
import { register as registerAdminTools } from "./admin-tools.ts";
import { register as registerDiagnose } from "./diagnose.ts";
import { register as registerExplain } from "./explain.ts";
import { register as registerExportArtifacts } from "./export-artifacts.ts";
import { register as registerList } from "./list.ts";
import { register as registerRun } from "./run.ts";
import { register as registerSddl } from "./sddl.ts";
import { register as registerServe } from "./serve.ts";

import type { SetExitCode } from "./shared.ts";

export type { SetExitCode } from "./shared.ts";

/** Every command module exports register(program, setExitCode); add new ones to this list. */
export function registerCommands(program: Command, setExitCode: SetExitCode): void {
  registerAccessCheck(program, setExitCode);
  registerExplain(program, setExitCode);
  registerAdminTools(program, setExitCode);
  registerDiagnose(program, setExitCode);
  registerExportArtifacts(program, setExitCode);
  registerList(program, setExitCode);
  registerRun(program, setExitCode);
  registerSddl(program, setExitCode);
  registerServe(program, setExitCode);
}
