// The command-line program: subcommands, their options and the help that teaches them.
// Commands are thin: they parse flags, wire stages together and print; logic lives in the stages.
import { Command } from "commander";
import { VERSION } from "../version.js";
import { registerAuditCommand } from "./commands/audit.js";
import { registerFixCommand } from "./commands/fix.js";
import { registerPlanCommands } from "./commands/plan.js";
import { registerPrCommand } from "./commands/pr.js";
import { registerSandboxCommand } from "./commands/sandbox.js";
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
  registerSandboxCommand(program, io, result);

  return program;
}

export async function runProgram(argv: string[], io: Io = processIo()): Promise<number> {
  const result = { code: 0 };
  const program = buildProgram(io, result);
  const debug = argv.includes("--debug");
  try {
    if (argv.length <= 2) {
      program.outputHelp();
      return 0;
    }
    await program.parseAsync(argv);
    return result.code;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (typeof code === "string" && code.startsWith("commander.")) {
      // commander already printed its message (or the help / version).
      return code === "commander.helpDisplayed" || code === "commander.version" || code === "commander.help" ? 0 : 2;
    }
    io.stderr.write(`${formatError(error, debug)}\n`);
    return exitCodeOf(error);
  }
}
