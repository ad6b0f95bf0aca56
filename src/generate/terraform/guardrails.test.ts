// The guardrail SCP on the acme plan: which accounts it covers and why, that its Terraform parses and
// carries exactly the plan's policy, that it fits AWS's SCP size limit, and what it does under the
// IAM simulator: new keys denied in a covered account, allowed for the break-glass role, untouched elsewhere.
import { describe, expect, it } from "vitest";
import { acmeFixture, planOf } from "../../../test/support/plan.js";
import { simulateScp } from "../../../test/support/scp-sim.js";
import { decodeObject, jsonencodeBlocks, parseHcl } from "../../../test/support/generate/terraform.js";
import { SCP_MAX_CHARACTERS, userPath } from "../../plan/guardrails.js";
import type { Guardrails } from "../../plan/schema.js";
import { generateTerraform } from "./index.js";

const fixture = acmeFixture();
const plan = planOf(fixture);
const g = plan.guardrails as Guardrails;
const aws = fixture.inventory.aws!;
const nameOf = (id: string) => aws.accounts.find((a) => a.id === id)?.name;

describe("guardrails on the acme plan", () => {
  it("covers only accounts whose keys are all retired, and says why the others are left out", () => {
    expect(g).toBeDefined();
    expect(g.accounts.map((a) => a.name).sort()).toEqual(["acme-security", "acme-tooling"]);
    const left = new Map(g.leftOut.map((a) => [nameOf(a.accountId), a.reason]));
    expect(left.get("acme-management")).toMatch(/never apply to it/);
    expect(left.get("acme-prod")).toMatch(/waiting for a blocked repository/);
    expect(left.get("acme-shared-services")).toMatch(/used outside GitHub, kept/);
    // Accounts with no retired key at all are neither covered nor listed.
    expect([...g.accounts, ...g.leftOut].map((a) => nameOf(a.accountId))).not.toContain("acme-research-sandbox");
    expect(g.managementAccountId).toBe(aws.managementAccountId);
  });

  it("denies CreateUser under the path of the retired CI users", () => {
    expect(g.ciUserPaths).toEqual(["/ci/"]);
    expect(userPath("arn:aws:iam::123456789012:user/ci/deploy")).toBe("/ci/");
    expect(userPath("arn:aws:iam::123456789012:user/a/b/deploy")).toBe("/a/b/");
    expect(userPath("arn:aws:iam::123456789012:user/deploy")).toBe("/");
  });

  it("writes Terraform that parses, attaches to the covered accounts, and carries the plan's policy", async () => {
    const files = generateTerraform(plan).filter((f) => f.path.startsWith("guardrails/"));
    expect(files.map((f) => f.path).sort()).toEqual(["guardrails/README.md", "guardrails/main.tf", "guardrails/outputs.tf", "guardrails/variables.tf", "guardrails/versions.tf"]);
    for (const f of files.filter((f) => f.path.endsWith(".tf"))) await parseHcl(f.path, f.text);
    const main = files.find((f) => f.path === "guardrails/main.tf")?.text ?? "";
    const parsed = (await parseHcl("main.tf", main)) as { resource: Record<string, Record<string, Array<Record<string, unknown>>>>; provider: { aws: Array<Record<string, unknown>> } };
    expect(parsed.resource.aws_organizations_policy?.deny_long_lived_keys?.[0]?.type).toBe("SERVICE_CONTROL_POLICY");
    expect(parsed.resource.aws_organizations_policy_attachment?.deny_long_lived_keys?.[0]?.for_each).toBe("${toset(var.target_ids)}");
    expect(parsed.provider.aws[0]?.allowed_account_ids).toEqual([aws.managementAccountId]);
    const variables = (await parseHcl("variables.tf", files.find((f) => f.path === "guardrails/variables.tf")?.text ?? "")) as { variable: { target_ids: Array<{ default: string[] }> } };
    expect(variables.variable.target_ids[0]?.default).toEqual(g.accounts.map((a) => a.accountId));
    const [content] = jsonencodeBlocks(main);
    expect(content?.attribute).toBe("content");
    expect(await decodeObject(content?.hcl ?? "", new Map())).toEqual(g.policy);
  });

  it("fits AWS Organizations' 5,120-character limit for an SCP, even pretty-printed", () => {
    const pretty = JSON.stringify(g.policy, null, 2);
    expect(JSON.parse(pretty)).toEqual(g.policy);
    expect(pretty.length).toBeLessThanOrEqual(SCP_MAX_CHARACTERS);
    // A long break-glass name and many paths still fit.
    const long = planOf(fixture, { breakGlassRoleName: "x".repeat(64) }).guardrails as Guardrails;
    expect(JSON.stringify(long.policy, null, 2).length).toBeLessThanOrEqual(SCP_MAX_CHARACTERS);
  });

  it("under the IAM simulator: denies new keys in a covered account, allows the break-glass role, leaves other accounts alone", async () => {
    const covered = g.accounts[0]!.accountId;
    const other = aws.accounts.find((a) => a.name === "acme-research-sandbox")!.id;
    const key = (account: string) => `arn:aws:iam::${account}:user/ci/new-deployer`;
    const ask = (principal: string, account: string, attached: boolean, action = "iam:CreateAccessKey", resource = key(account)) =>
      simulateScp({ principal, action, resource, accountId: account, accountScps: attached ? [g.policy] : [] });
    expect(await ask(`arn:aws:iam::${covered}:role/admin`, covered, true)).toBe("ExplicitlyDenied");
    expect(await ask(`arn:aws:iam::${covered}:user/ci/gha-inventory`, covered, true)).toBe("ExplicitlyDenied");
    expect(await ask(`arn:aws:iam::${covered}:role/keyless-break-glass`, covered, true)).toBe("Allowed");
    expect(await ask(`arn:aws:iam::${covered}:role/emergency/keyless-break-glass`, covered, true)).toBe("Allowed");
    expect(await ask(`arn:aws:iam::${covered}:role/keyless-break-glass-not`, covered, true)).toBe("ExplicitlyDenied");
    // Not migrated: the policy is not attached there.
    expect(await ask(`arn:aws:iam::${other}:role/admin`, other, false)).toBe("Allowed");
    // CreateUser: denied under /ci/, not elsewhere; other IAM actions untouched.
    expect(await ask(`arn:aws:iam::${covered}:role/admin`, covered, true, "iam:CreateUser", key(covered))).toBe("ExplicitlyDenied");
    expect(await ask(`arn:aws:iam::${covered}:role/admin`, covered, true, "iam:CreateUser", `arn:aws:iam::${covered}:user/people/ana`)).toBe("Allowed");
    expect(await ask(`arn:aws:iam::${covered}:role/admin`, covered, true, "iam:CreateRole", `arn:aws:iam::${covered}:role/gha-x`)).toBe("Allowed");
  });

  it("uses the break-glass role name from the config", async () => {
    const custom = planOf(fixture, { breakGlassRoleName: "sec-incident" }).guardrails as Guardrails;
    const covered = custom.accounts[0]!.accountId;
    const ask = (role: string) => simulateScp({ principal: `arn:aws:iam::${covered}:role/${role}`, action: "iam:CreateAccessKey", resource: `arn:aws:iam::${covered}:user/ci/x`, accountId: covered, accountScps: [custom.policy] });
    expect(await ask("sec-incident")).toBe("Allowed");
    expect(await ask("keyless-break-glass")).toBe("ExplicitlyDenied");
  });
});
