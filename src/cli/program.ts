// The command-line program: subcommands, their options and the help that teaches them.
// Commands are thin: they parse flags, wire stages together and print; logic lives in the stages.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import { VERSION } from "../version.js";
import { registerAuditCommand } from "./commands/audit.js";
import { registerFixCommand } from "./commands/fix.js";
import { registerPlanCommands } from "./commands/plan.js";
import { registerPrCommand } from "./commands/pr.js";
import { registerRetireCommand } from "./commands/retire.js";
import { registerSandboxCommand } from "./commands/sandbox.js";
import { registerTuiCommand } from "./commands/tui.js";
import { registerVerifyCommand } from "./commands/verify.js";
import { secretsFromEnv } from "./debug-details.js";
import { exitCodeOf, formatError } from "./errors.js";
import { processIo, type Io } from "./io.js";

export function buildProgram(io: Io, result: { code: number }): Command {
  const program = new Command("keyless")
    .description("Find the long-lived AWS access keys GitHub Actions uses, and move every repository to OIDC.")
    .version(VERSION)
    .option("--debug", "show stack traces and SDK details on errors")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride();

  registerAuditCommand(program, io, result);
  registerPlanCommands(program, io, result);
  registerFixCommand(program, io, result);
  registerPrCommand(program, io, result);
  registerVerifyCommand(program, io, result);
  registerRetireCommand(program, io, result);
  registerSandboxCommand(program, io, result);
  registerTuiCommand(program, io, result);

  program.addHelpText(
    "after",
    `
The migration, step by step (every step reads; only pr --apply and retire --apply write):
  keyless audit --org acme             1. find keys, the repos that use them, and the risks
  keyless generate --from reports      2. plan, Terraform per account, patched workflows
  (apply the Terraform)                3. the roles exist before any workflow needs them
  keyless pr --from reports --apply    4. one pull request per repository
  keyless verify                       5. after merge: is each key unused, each role assumed?
  keyless retire --deactivate --apply  6. then, after the quiet period, retire --delete --apply

Try it all without credentials: add --sandbox, or run \`keyless sandbox\` in another shell.`,
  );
  return program;
}

/**
 * What bare `keyless` means: in a terminal, the TUI (over the last saved scan when there is one,
 * else the sandbox, clearly labelled); elsewhere, the summary of the last audit, or the help.
 */
async function bareCommand(io: Io): Promise<string[]> {
  const saved = existsSync(join(io.cwd, "reports", "inventory.json"));
  if (io.stdout.isTTY && process.stdin.isTTY) return saved ? ["tui", "--from", "reports"] : ["tui", "--sandbox"];
  return saved ? ["audit", "--from", join("reports", "inventory.json"), "--out", "reports", "--quiet"] : ["--help"];
}

export async function runProgram(argv: string[], io: Io = processIo()): Promise<number> {
  const result = { code: 0 };
  const program = buildProgram(io, result);
  const debug = argv.includes("--debug");
  try {
    await program.parseAsync(argv.length <= 2 ? [...argv, ...(await bareCommand(io))] : argv);
    return result.code;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (typeof code === "string" && code.startsWith("commander.")) {
      // commander already printed its message (or the help / version).
      return code === "commander.helpDisplayed" || code === "commander.version" || code === "commander.help" ? 0 : 2;
    }
    io.stderr.write(`${formatError(error, debug, secretsFromEnv(process.env))}\n`);
    return exitCodeOf(error);
  }
}
