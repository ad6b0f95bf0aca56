// The command-line program: subcommands, their options and the help that teaches them.
// Commands are thin: they parse flags, wire stages together and print; logic lives in the stages.
import { Command, Option } from "commander";
import { VERSION } from "../version.js";
import { registerAuditCommand } from "./commands/audit.js";
import { registerFixCommand } from "./commands/fix.js";
import { registerPlanCommands } from "./commands/plan.js";
import { runSandbox } from "./commands/sandbox.js";
import { exitCodeOf, formatError } from "./errors.js";
import { processIo, type Io } from "./io.js";
import { positiveInt } from "./parsers.js";

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

  program
    .command("sandbox")
    .description("Serve the embedded sandbox (fake AWS and GitHub APIs) until interrupted")
    .addOption(new Option("--only <side>", "serve only one side").choices(["aws", "github"]))
    .option("--scenario <name>", "scenario to serve", "acme")
    .option("--seed <n>", "scenario seed", positiveInt)
    .option("--accounts <n>", "number of AWS accounts (larger scenarios)", positiveInt)
    .option("--repos <n>", "number of GitHub repositories (larger scenarios)", positiveInt)
    .option("--aws-port <port>", "port for the AWS side (default: any free port)", positiveInt)
    .option("--github-port <port>", "port for the GitHub side (default: any free port)", positiveInt)
    .option("--latency <ms>", "delay every answer by this many milliseconds", positiveInt)
    .addHelpText(
      "after",
      `
Prints 'export NAME=value' lines (AWS_ENDPOINT_URL, AWS credentials, GITHUB_API_URL,
GITHUB_TOKEN) that point keyless, the AWS CLI or gh at the sandbox. The credentials are fake
and act in the sandbox organization's management account. State (PRs opened, keys changed)
lives as long as this process.

Examples:
  eval "$(keyless sandbox)" &                   in one shell, then:
  keyless audit --org acme                      against the running sandbox
  keyless sandbox --accounts 1000 --repos 10000 a large organization`,
    )
    .action(async (options) => {
      result.code = await runSandbox(options, io);
    });

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
