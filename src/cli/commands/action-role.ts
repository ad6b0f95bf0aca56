// `keyless generate --action-role --repo owner/name`: the Terraform of the role the keyless GitHub
// Action assumes (src/generate/terraform/audit-role.ts), written under --out/audit-role. No scan:
// the role depends only on the flags.
import { join, resolve } from "node:path";
import { KeylessError } from "../../core/errors.js";
import { writeFilesUnder } from "../../core/no-follow.js";
import { terminalSafe } from "../../core/terminal.js";
import { generateAuditRoleTerraform } from "../../generate/terraform/audit-role.js";
import type { Io } from "../io.js";

export interface ActionRoleOptions {
  actionRole?: boolean;
  repo?: string;
  branch?: string;
  roleName?: string;
  /** The member accounts' role (the scan option --audit-role). */
  auditRole: string;
  out: string;
}

const REPO = /^[A-Za-z0-9](?:-?[A-Za-z0-9])*\/[A-Za-z0-9._-]+$/;
// What git accepts in a branch name, minus what would widen or confuse an IAM condition.
const BRANCH = /^(?!.*\.\.)(?!\/)(?!.*\/$)[A-Za-z0-9._\/-]+$/;
const ROLE = /^[\w+=,.@-]{1,64}$/;

export function generateAuditRoleFiles(options: ActionRoleOptions, io: Io): number {
  const repo = options.repo ?? "";
  const branch = options.branch ?? "main";
  const roleName = options.roleName ?? "keyless-audit";
  if (!REPO.test(repo)) {
    throw new KeylessError("BadRepo", repo ? `--repo must be owner/name (got ${JSON.stringify(repo.slice(0, 100))}).` : "--action-role needs --repo.", "Pass --repo with the security team's repository that runs the keyless workflow, such as acme/security.");
  }
  if (!BRANCH.test(branch)) throw new KeylessError("BadBranch", `--branch is not a plain branch name (got ${JSON.stringify(branch.slice(0, 100))}).`, "Pass the repository's default branch, such as main.");
  for (const [flag, name] of [["--role-name", roleName], ["--audit-role", options.auditRole]] as const) {
    if (!ROLE.test(name)) throw new KeylessError("BadRoleName", `${flag} is not an IAM role name (got ${JSON.stringify(name.slice(0, 100))}).`, "Role names are 1-64 letters, digits and +=,.@_- characters.");
  }
  const files = generateAuditRoleTerraform({ repo, branch, memberRole: options.auditRole, roleName, partition: "aws" });
  writeFilesUnder(resolve(io.cwd, options.out), files.map((f) => ({ path: f.path, text: f.text })));
  io.stdout.write(terminalSafe(`audit role ${roleName}: trusts ${repo} on ${branch}, enters ${options.auditRole} in member accounts\nwrote ${files.map((f) => join(options.out, f.path)).join(", ")}\n`));
  return 0;
}
