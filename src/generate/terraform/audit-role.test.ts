// The GitHub Action's audit role: HCL that HashiCorp's parser reads, a trust that only the security
// repository's default branch passes (IAM simulator on the policy read back from the HCL), and a
// permission policy that lists exactly the calls src/discover/aws sends (read from its source).
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { simulateTrust } from "../../../test/support/plan.js";
import { decodeObject, jsonencodeBlocks, parseHcl } from "../../../test/support/generate/terraform.js";
import type { PolicyDocument } from "../../plan/schema.js";
import { DISCOVER_READ_ACTIONS, generateAuditRoleTerraform, type AuditRoleOptions } from "./audit-role.js";

const OPTIONS: AuditRoleOptions = { repo: "acme/security", branch: "main", memberRole: "KeylessAuditRead", roleName: "keyless-audit", partition: "aws" };
const PROVIDER = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";
const ROLE = "arn:aws:iam::111111111111:role/keyless-audit";
const ISSUER = "token.actions.githubusercontent.com";

async function policies(options = OPTIONS): Promise<{ trust: PolicyDocument; permissions: PolicyDocument }> {
  const main = generateAuditRoleTerraform(options).find((f) => f.path === "audit-role/main.tf")?.text ?? "";
  const blocks = jsonencodeBlocks(main);
  const refs = new Map([["local.oidc_provider_arn", PROVIDER]]);
  const trust = blocks.find((b) => b.attribute === "assume_role_policy");
  const permissions = blocks.find((b) => b.attribute === "policy");
  if (!trust || !permissions) throw new Error("no policies in main.tf");
  return { trust: (await decodeObject(trust.hcl, refs)) as PolicyDocument, permissions: (await decodeObject(permissions.hcl, refs)) as PolicyDocument };
}

const assume = async (sub: string, aud = "sts.amazonaws.com") =>
  simulateTrust((await policies()).trust, { principal: PROVIDER, action: "sts:AssumeRoleWithWebIdentity", roleArn: ROLE, context: { [`${ISSUER}:aud`]: aud, [`${ISSUER}:sub`]: sub } });

describe("keyless generate --action-role: the audit role's Terraform", () => {
  it("is HCL that HashiCorp's parser reads: a role, its inline policy, the OIDC provider unless one is given", async () => {
    for (const file of generateAuditRoleTerraform(OPTIONS).filter((f) => f.path.endsWith(".tf"))) {
      const parsed = await parseHcl(file.path, file.text);
      expect(parsed, file.path).toBeTypeOf("object");
    }
    const main = await parseHcl("main.tf", generateAuditRoleTerraform(OPTIONS).find((f) => f.path.endsWith("main.tf"))?.text ?? "");
    const resources = main.resource as Record<string, unknown>;
    expect(Object.keys(resources).sort()).toEqual(["aws_iam_openid_connect_provider", "aws_iam_role", "aws_iam_role_policy"]);
  });

  it("trusts only the security repository's workflows on its default branch", async () => {
    expect(await assume("repo:acme/security:ref:refs/heads/main")).toBe("Allowed");
    for (const sub of [
      "repo:acme/security:ref:refs/heads/feature", // another branch
      "repo:acme/security:ref:refs/heads/main/evil",
      "repo:acme/security:pull_request", // a pull request, forks included
      "repo:acme/security:environment:main",
      "repo:acme/security:ref:refs/tags/main",
      "repo:acme/security-fork:ref:refs/heads/main", // another repository
      "repo:attacker/security:ref:refs/heads/main",
      "repo:acme/*",
    ]) {
      expect(await assume(sub), sub).not.toBe("Allowed");
    }
    expect(await assume("repo:acme/security:ref:refs/heads/main", "https://github.com/acme")).not.toBe("Allowed");
  });

  it("allows exactly the AWS calls src/discover/aws sends, read from its source", async () => {
    const dir = resolve(import.meta.dirname, "../../discover/aws");
    const services: Record<string, string> = { iam: "iam", organizations: "organizations", cloudtrail: "cloudtrail", sts: "sts" };
    const sent = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))) {
      const text = readFileSync(join(dir, file), "utf8");
      for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*"@aws-sdk\/client-([a-z]+)"/g)) {
        const service = services[m[2] ?? ""];
        for (const name of (m[1] ?? "").split(",").map((n) => n.trim().replace(/^type\s+/, ""))) {
          const op = /^(\w+)Command$/.exec(name)?.[1] ?? /^paginate(\w+)$/.exec(name)?.[1];
          if (service && op) sent.add(`${service}:${op}`);
        }
      }
    }
    expect(sent.size).toBeGreaterThan(20);
    // GetCallerIdentity needs no permission; AssumeRole has its own statement, scoped to the member role.
    const expected = [...sent].filter((a) => a !== "sts:GetCallerIdentity" && a !== "sts:AssumeRole").sort();
    const { permissions } = await policies();
    const statements = permissions.Statement as Array<{ Sid: string; Action: string | string[]; Resource: string }>;
    const read = statements.filter((s) => s.Sid !== "EnterMemberAccounts").flatMap((s) => s.Action);
    expect([...read].sort()).toEqual(expected);
    expect(Object.values(DISCOVER_READ_ACTIONS).flat().length).toBe(expected.length);
    expect(sent.has("sts:AssumeRole")).toBe(true);
  });

  it("enters only the member accounts' named role, and only in its own organization", async () => {
    const { permissions } = await policies();
    const enter = (roleArn: string, resourceOrg: string) =>
      simulateTrust({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: ROLE }, Action: "sts:AssumeRole" }] } as PolicyDocument, {
        principal: ROLE,
        action: "sts:AssumeRole",
        roleArn,
        context: { "aws:PrincipalOrgID": "o-acme", "aws:ResourceOrgID": resourceOrg },
        identityPolicy: permissions,
      });
    expect(await enter("arn:aws:iam::222222222222:role/KeylessAuditRead", "o-acme")).toBe("Allowed");
    expect(await enter("arn:aws:iam::222222222222:role/KeylessAuditRead", "o-other")).not.toBe("Allowed");
    expect(await enter("arn:aws:iam::222222222222:role/OrganizationAccountAccessRole", "o-acme")).not.toBe("Allowed");
  });
});
