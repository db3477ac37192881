/**
 * `wbsim diagnose <files…> [--connector 'DOMAIN\MSOL_…' | --connector-sid S-1-…] [--user DN|UPN]
 *                 [--out scenario.yaml] [--anonymize] [--json]`
 *
 * Reads what a customer sent (event logs as XML or CSV, dsacls listings, SDDL, LDIF, case facts;
 * each recognised by content, UTF-16 or UTF-8), and prints the failing operation, the writeback
 * rights of the connector account with their explanations, the likely causes ranked with evidence
 * lines from those files and the fix, and what remains unknown. --out writes a scenario that
 * reproduces the case. Exit codes: 0 a diagnosis was made, 1 nothing could be read, 2 bad input.
 */
import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import type { SetExitCode } from "./shared.ts";

interface DiagnoseOptions {
  connector?: string;
  connectorSid?: string;
  user?: string;
  out?: string;
  anonymize?: boolean;
  json?: boolean;
}

export function register(program: Command, setExitCode: SetExitCode): void {
  program
    .command("diagnose")
    .description(
      "diagnose a customer's writeback case from the files they sent, and write a scenario that reproduces it",
    )
    .argument("<files...>", "event log (XML or CSV), dsacls listings, SDDL, LDIF, case facts")
    .option("--connector <name>", "the AD DS connector account, DOMAIN\\MSOL_… (if the files don't say)")
    .option("--connector-sid <sid>", "the connector account's SID")
    .option("--user <dn|upn>", "the failing user (default: the user of the newest failed operation)")
    .option("--out <file>", "write a scenario that reproduces the case")
    .option("--anonymize", "replace names, DNs, SIDs and GUIDs by consistent placeholders in every output")
    .option("--json", "print the diagnosis as JSON")
    .action(async (files: string[], opts: DiagnoseOptions) => {
      if (opts.connectorSid && !/^S-1-\d+(-\d+)+$/i.test(opts.connectorSid)) {
        process.stderr.write(
          `wbsim diagnose: --connector-sid: "${opts.connectorSid}" is not a SID (S-1-…)\n`,
        );
        setExitCode(2);
        return;
      }
      // Loaded on use, so `wbsim --help` and the other commands never load the analysers.
      const [
        { parseScenario, ScenarioLoadError },
        { diagnoseFiles },
        { Anonymizer },
        { diagnosisJson, formatReport },
        { writeScenario },
      ] = await Promise.all([
        import("../../../harness/scenario/load-scenario.ts"),
        import("../../diagnose/diagnose.ts"),
        import("../../diagnose/output/anonymize.ts"),
        import("../../diagnose/output/report.ts"),
        import("../../diagnose/output/scenario-writer.ts"),
      ]);
      const d = await diagnoseFiles(files, {
        connector: opts.connector,
        connectorSid: opts.connectorSid,
        user: opts.user,
      });
      const anon = opts.anonymize ? Anonymizer.forDiagnosis(d) : undefined;
      const text = opts.json ? `${JSON.stringify(diagnosisJson(d), null, 2)}\n` : formatReport(d);
      process.stdout.write(anon ? anon.text(text) : text);
      if (opts.out) {
        const yaml = writeScenario(d, { anonymizer: anon });
        try {
          parseScenario(yaml, opts.out);
        } catch (err) {
          if (!(err instanceof ScenarioLoadError)) throw err;
          process.stderr.write(
            `wbsim diagnose: the generated scenario does not load (${err.message}); not written\n`,
          );
          setExitCode(1);
          return;
        }
        writeFileSync(opts.out, yaml);
        process.stderr.write(`scenario written to ${opts.out}\n`);
      }
      const readable = d.artifacts.files.some((f) => f.kind !== "unknown");
      setExitCode(readable ? 0 : 1);
    });
}
