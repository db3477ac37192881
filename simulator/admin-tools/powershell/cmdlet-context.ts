/**
 * What PowerShell gives an advanced function while it runs: the output stream, Write-Error records
 * and ShouldProcess with -WhatIf / -Confirm (PS-CONFIRM: "users-requesting-confirmation").
 *
 * ShouldProcess(target, action):
 *  - with -WhatIf: prints `What if: Performing the operation "<action>" on target "<target>".` and
 *    returns false (the function then skips the work, so nothing else is printed);
 *  - prompts when the function's ConfirmImpact is at least $ConfirmPreference (High by default), or
 *    when -Confirm is given; -Confirm:$false sets $ConfirmPreference to None (no prompt);
 *  - answers: Y (yes), A (yes to all: no more prompts in this command), N (no), L (no to all);
 *    an empty answer takes the default, Y.
 * The prompt is the console host's (PowerShell 5.1) text. Without an answer to give, the command
 * stops as a non-interactive powershell.exe does.
 */
import type { CmdletResult } from "./adsyncconfig.ts";

export type ConfirmImpact = "None" | "Low" | "Medium" | "High";
const RANK: Record<ConfirmImpact, number> = { None: 0, Low: 1, Medium: 2, High: 3 };

export const CONFIRM_CHOICES = ["Y", "A", "N", "L"] as const;
export type ConfirmChoice = (typeof CONFIRM_CHOICES)[number];

const CHOICE_LINE =
  '[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help (default is "Y"): ';
const NON_INTERACTIVE =
  "PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.";

export interface ConfirmOptions {
  whatIf: boolean;
  /** -Confirm (true), -Confirm:$false (false), or not given (undefined). */
  confirm: boolean | undefined;
  /** Answers to the prompts, in order ("" takes the default). */
  answers: string[];
  /** Reads an answer interactively after showing `prompt` (no newline); undefined when no input. */
  readAnswer?: (prompt: string) => Promise<string | undefined>;
  /** Each console line as it is written. */
  onOutput?: (line: string) => void;
}

/** A terminating error: `throw "…"` in the module, shown with its message only. */
export class TerminatingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TerminatingError";
  }
}

export class CmdletContext {
  readonly result: CmdletResult = { output: [], errors: [], dsaclsCommands: [], objects: [] };
  private toAll: boolean | undefined;
  private readonly answers: string[];

  constructor(private readonly opts: ConfirmOptions) {
    this.answers = [...opts.answers];
  }

  get whatIf(): boolean {
    return this.opts.whatIf;
  }

  /** Write-Output / a native command's output reaching the console. */
  write(...lines: string[]): void {
    for (const l of lines) {
      this.result.output.push(l);
      this.opts.onOutput?.(l);
    }
  }

  /** Write-Error from inside `fn` (non-terminating): the console shows "<fn> : <text>". */
  writeError(fn: string, text: string): void {
    const line = `${fn} : ${text}`;
    this.result.errors.push(line);
    this.write(line);
  }

  async shouldProcess(target: string, action: string, impact: ConfirmImpact = "High"): Promise<boolean> {
    const operation = `Performing the operation "${action}" on target "${target}".`;
    if (this.opts.whatIf) {
      this.write(`What if: ${operation}`);
      return false;
    }
    const prompts =
      this.opts.confirm === true || (this.opts.confirm === undefined && RANK[impact] >= RANK.High);
    if (!prompts) return true;
    if (this.toAll !== undefined) return this.toAll;
    this.write("", "Confirm", "Are you sure you want to perform this action?", operation);
    for (;;) {
      const scripted = this.answers.shift();
      let typed: string | undefined;
      if (scripted !== undefined) typed = scripted;
      else if (this.opts.readAnswer) typed = await this.opts.readAnswer(CHOICE_LINE);
      if (typed === undefined) throw new TerminatingError(NON_INTERACTIVE);
      const choice = (typed.trim() || "Y").toUpperCase();
      this.result.output.push(CHOICE_LINE + typed.trim());
      if (scripted !== undefined) this.opts.onOutput?.(CHOICE_LINE + typed.trim());
      switch (choice) {
        case "Y":
          return true;
        case "N":
          return false;
        case "A":
          this.toAll = true;
          return true;
        case "L":
          this.toAll = false;
          return false;
      }
      // Anything else: the console host asks again.
    }
  }
}
