// `keyless tui`: the interactive terminal UI over the same stages as audit, plan, generate and pr.
import type { Command } from "commander";
import { runTui, type TuiOptions } from "../../tui/run.js";
import { addScanOptions } from "../inputs.js";
import type { Io } from "../io.js";
import { withAppFlags } from "../app-credentials.js";

export function registerTuiCommand(program: Command, io: Io, result: { code: number }): void {
  addScanOptions(program.command("tui").description("Browse the scan, the plan and the patches, and open pull requests, interactively"))
    .option("--apply", "let the TUI write (open PRs, deactivate keys); without it every action is a dry run", false)
    .option("--state <file>", "state database (default: KEYLESS_STATE or .keyless/state.db)")
    .addHelpText(
      "after",
      `
Scans like keyless audit (or reads --from), then shows the overview, the repos and keys with why
each is listed, each repo's usages, links and plan steps, its workflow patch and Terraform, and
opens pull requests for the repos you select. Nothing is written without --apply, and the header
always says which mode you are in. Press ? in the TUI for its keys; NO_COLOR turns colour off.

Examples:
  keyless tui --sandbox                         try it on the embedded sandbox
  keyless tui --org acme --profile mgmt         scan, then browse
  keyless tui --from reports                    browse a saved audit (inventory.json, plan.json)
  keyless tui --org acme --apply                allow opening PRs`,
    )
    .action(async (options: TuiOptions) => {
      result.code = await runTui(options, withAppFlags(io, options));
    });
}
