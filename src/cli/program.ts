// The command-line program: subcommands, their options and the help that teaches them.
// Commands are thin: they parse flags, wire stages together and print; logic lives in the stages.
import { Command, InvalidArgumentError, Option } from "commander";
import { VERSION } from "../version.js";
import { runAudit } from "./commands/audit.js";
import { runSandbox } from "./commands/sandbox.js";
import { exitCodeOf, formatError } from "./errors.js";
import { processIo, type Io } from "./io.js";

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected a whole number");
  return n;
}

function list(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(",").map((v) => v.trim()).filter(Boolean)];
}

export function buildProgram(io: Io, result: { code: number }): Command {
  const program = new Command("keyless")
    .description("Find the long-lived AWS access keys GitHub Actions uses, and move every repository to OIDC.")
    .version(VERSION)
    .option("--debug", "show stack traces and SDK details on errors")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride();

  program
    .command("audit")
    .description("Scan the AWS Organization and the GitHub organization; write reports")
    .option("--org <login>", "GitHub organization to scan (default with --sandbox: acme)")
    .option("--from <inventory.json>", "re-run analysis and reports on a saved inventory, without network")
    .option("--local <dir>", "read workflows from local checkouts (one repo, or a folder of repos) instead of the GitHub API")
    .option("--config <file>", "keyless.config.yaml with thresholds, allowlist and key-to-repo mappings (default: ./keyless.config.yaml if present)")
    .option("--sandbox", "run against the embedded sandbox organization (no credentials needed)", false)
    .option("--scenario <name>", "sandbox scenario", "acme")
    .option("--no-aws", "skip the AWS side")
    .option("--no-github", "skip the GitHub side")
    .option("--profile <name>", "AWS profile (default: the standard credential chain)")
    .option("--region <region>", "AWS region for regional calls (default: AWS_REGION or us-east-1)")
    .option("--audit-role <name>", "role assumed in each member account", "OrganizationAccountAccessRole")
    .option("--accounts <ids>", "only these AWS account ids (comma-separated)", list)
    .option("--repos <names>", "only these repositories (comma-separated)", list)
    .option("--concurrency <n>", "accounts and repositories read at once", positiveInt, 8)
    .option("--no-cloudtrail", "do not look up CloudTrail events of recently used keys")
    .option("--deep", "read details (runs, variables, environments) of every repo, not only AWS-related ones", false)
    .option("--out <dir>", "where to write reports", "reports")
    .option("-q, --quiet", "no progress output", false)
    .addHelpText(
      "after",
      `
Reads (never writes) both sides and writes to --out:
  inventory.json   everything read, a versioned snapshot (re-run with --from, offline)
  audit.json       the audit for machines
  audit.md         the audit for humans

AWS: credentials of the management (or a delegated-admin) account, from the standard chain
(AWS_PROFILE, env, SSO...). Each member account is entered with sts:AssumeRole into --audit-role.
GitHub: GITHUB_TOKEN or GH_TOKEN (repo, read:org; admin:org for organization secrets);
GITHUB_API_URL for GitHub Enterprise Server.

Examples:
  keyless audit --sandbox                       try it on the embedded sandbox
  keyless audit --org acme --profile mgmt       scan both sides
  keyless audit --org acme --no-aws             GitHub only
  keyless audit --local ~/src --no-aws          local checkouts, no API at all
  keyless audit --from reports/inventory.json   re-analyse a saved scan offline`,
    )
    .action(async (options) => {
      result.code = await runAudit(options, io);
    });

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
