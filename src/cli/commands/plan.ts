// `keyless plan` and `keyless generate`: the migration plan, then Terraform and workflow patches,
// as files to review. Nothing is written anywhere but --out.
import { join, resolve } from "node:path";
import { Option, type Command } from "commander";
import { terminalSafe } from "../../core/terminal.js";
import { planConfig } from "../../config/parse.js";
import { writeFilesUnder, type FileToWrite } from "../../core/no-follow.js";
import { generate, type Generated } from "../../generate/index.js";
import { generateAuditRoleFiles, type ActionRoleOptions } from "./action-role.js";
import { serializeInventory } from "../../inventory/parse.js";
import { buildPlan, renderPlanMarkdown, type Plan } from "../../plan/index.js";
import { addScanOptions, gatherInputs, type ScanOptions } from "../inputs.js";
import type { Io } from "../io.js";
import { withAppFlags } from "../app-credentials.js";

export interface PlanOptions extends ScanOptions, ActionRoleOptions {
  out: string;
  permissions?: "copy" | "narrow";
}

/** Deploy-role permissions: narrowed to the key's use (where the audit read IAM last-accessed data), or copied. */
export function permissionsOption(): Option {
  return new Option("--permissions <mode>", "deploy-role permissions: narrow to what each key used where IAM last-accessed data exists (default), or copy the user's policies").choices(["copy", "narrow"]);
}

const PLAN_HELP = `
Plans, per repository: the roles to create (trust and permission policies as IAM JSON), the
role each workflow job will assume, and the ordered steps — apply Terraform, merge the PR,
verify, deactivate the key, wait, delete the key and its secrets — each with its precondition
and rollback. Topology, tooling account, ExternalId and more: keyless.config.yaml (docs/config.md).`;

export function registerPlanCommands(program: Command, io: Io, result: { code: number }): void {
  addScanOptions(program.command("plan").description("Plan the migration of every affected repository (writes plan.json, plan.md)"))
    .option("--out <dir>", "where to write the plan", "reports")
    .addOption(permissionsOption())
    .addHelpText("after", `${PLAN_HELP}

Examples:
  keyless plan --sandbox
  keyless plan --from reports/inventory.json --config keyless.config.yaml`)
    .action(async (options: PlanOptions) => {
      result.code = await runPlan(options, withAppFlags(io, options), false);
    });

  addScanOptions(program.command("generate").description("Write the plan, Terraform per account and the patched workflows, as files to review"))
    .option("--out <dir>", "where to write everything", "reports")
    .option("--action-role", "instead: only the Terraform of the role the keyless GitHub Action assumes (needs --repo; no scan)", false)
    .option("--repo <owner/name>", "with --action-role: the repository whose workflow runs the action")
    .option("--branch <name>", "with --action-role: that repository's default branch, the only one trusted", "main")
    .option("--role-name <name>", "with --action-role: the role's name", "keyless-audit")
    .addOption(permissionsOption())
    .addHelpText("after", `${PLAN_HELP}

Writes under --out:
  plan.json, plan.md
  terraform/<account>/      one root module per account, with a README giving the apply order
  workflows/<owner>/<repo>/ each patched workflow in full, and its .diff
  dependabot/<owner>/<repo>/ dependabot.yml on OIDC for CodeArtifact (KL121), and its role

Examples:
  keyless generate --sandbox --out generated
  keyless generate --from reports                the reviewed reports/plan.json, if there is one
  keyless generate --action-role --repo acme/security --out generated
                                                 the GitHub Action's audit role (docs/action.md)`)
    .action(async (options: PlanOptions) => {
      result.code = options.actionRole ? generateAuditRoleFiles(options, io) : await runPlan(options, withAppFlags(io, options), true);
    });
}

async function runPlan(options: PlanOptions, io: Io, withFiles: boolean): Promise<number> {
  const inputs = await gatherInputs(options, io);
  // generate --from a folder that holds a reviewed plan.json writes exactly that plan's files.
  const plan =
    withFiles && inputs.savedPlan
      ? inputs.savedPlan
      : buildPlan({ inventory: inputs.inventory, analysis: inputs.analysis, config: planConfig(inputs.config, { permissions: options.permissions }), now: inputs.now });
  const out = resolve(io.cwd, options.out);
  const files: FileToWrite[] = [];
  const write = (path: string, text: string) => files.push({ path, text });
  if (inputs.scanned) write("inventory.json", serializeInventory(inputs.inventory));
  write("plan.json", `${JSON.stringify(plan, null, 2)}\n`);
  write("plan.md", renderPlanMarkdown(plan));
  let generated: Generated | undefined;
  if (withFiles) {
    generated = generate(plan, inputs.inventory, inputs.analysis);
    for (const file of generated.terraform) write(join("terraform", file.path), file.text);
    for (const d of generated.dependabot ?? []) {
      write(join("dependabot", d.repo, d.path), d.after);
      for (const role of d.roles) {
        // One role: NAME.*.json as always; several (one per domain owner, same name): NAME.ACCOUNT.*.json.
        const base = d.roles.length > 1 ? `${role.roleName}.${role.accountId}` : role.roleName;
        write(join("dependabot", d.repo, `${base}.trust-policy.json`), `${JSON.stringify(role.trustPolicy, null, 2)}\n`);
        write(join("dependabot", d.repo, `${base}.policy.json`), `${JSON.stringify(role.permissionPolicy, null, 2)}\n`);
      }
    }
    for (const repo of generated.workflows) {
      for (const patch of repo.patches) {
        write(join("workflows", repo.repo, patch.path), patch.after);
        write(join("workflows", repo.repo, `${patch.path}.diff`), patch.diff);
      }
    }
  }
  // All or nothing: every target is checked for links before the first file is written.
  writeFilesUnder(out, files);
  io.stdout.write(terminalSafe(summary(plan, generated, options.out, files.length)));
  return 0;
}

function summary(plan: Plan, generated: Generated | undefined, out: string, files: number): string {
  const byStatus = new Map<string, number>();
  for (const r of plan.repos) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
  const lines = [
    `repos: ${[...byStatus].map(([s, n]) => `${n} ${s}`).join(", ") || "none to migrate"} · roles: ${plan.roles.length} · keys: ${plan.keys.length}`,
  ];
  const blockers = plan.issues.filter((i) => i.severity === "blocker");
  for (const b of blockers) lines.push(`blocker: ${b.message}${b.remediation ? ` (${b.remediation})` : ""}`);
  if (generated) {
    const patched = generated.workflows.reduce((n, r) => n + r.patches.length, 0);
    const notPatched = generated.workflows.flatMap((r) => r.notPatched.map((n) => ({ ...n, repo: r.repo })));
    lines.push(`terraform: ${generated.terraform.length} files · workflows patched: ${patched}${notPatched.length ? ` · not patched: ${notPatched.length}` : ""}`);
    for (const n of notPatched.slice(0, 20)) lines.push(`  not patched: ${n.repo}/${n.path}: ${n.reason}`);
    if (notPatched.length > 20) lines.push(`  … and ${notPatched.length - 20} more (see plan.md)`);
  }
  lines.push(`wrote ${files} files under ${out}`, "");
  return lines.join("\n");
}
