/**
 * `wbsim`: one CLI for trainers, QA and support. Each command lives in its own file under
 * commands/ and registers itself on the program; main() only wires them and maps errors to
 * exit codes.
 */
import { Command, CommanderError } from "commander";
import { registerCommands } from "./commands/index.ts";

/** Runs the CLI with `argv` (without node and script) and resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command("wbsim")
    .description("Simulate Entra ID SSPR password writeback into a fake Active Directory")
    .exitOverride()
    .showHelpAfterError();
  let exitCode = 0;
  registerCommands(program, (code) => {
    exitCode = Math.max(exitCode, code);
  });
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? 0 : 2;
    }
    process.stderr.write(`wbsim: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  return exitCode;
}
