// Least-privilege deploy roles end to end: `keyless generate --sandbox` reads IAM's last-accessed
// data, narrows each deploy role to what its key used, writes that policy into the Terraform, and
// says so in plan.md; `--permissions copy` keeps the users' policies. The IAM simulator checks every
// narrowed role: what the key did (its CloudTrail events, its tracked actions) is still allowed,
// actions of services it never used are denied.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { iamActionOfEvent } from "../../src/core/iam-actions.js";
import type { Inventory } from "../../src/inventory/schema.js";
import type { Plan, PlanRole, PolicyStatement } from "../../src/plan/schema.js";
import { runCli, tempDir } from "../support/cli.js";
import { concreteResource, simulateIdentity } from "../support/plan.js";

/** A destructive action of each service, for the services a key never used. */
const NEVER: Record<string, string> = {
  cloudformation: "cloudformation:DeleteStack", cloudfront: "cloudfront:DeleteDistribution", dynamodb: "dynamodb:DeleteTable", ec2: "ec2:TerminateInstances",
  ecr: "ecr:DeleteRepository", iam: "iam:CreateAccessKey", kms: "kms:ScheduleKeyDeletion", lambda: "lambda:DeleteFunction", organizations: "organizations:LeaveOrganization",
  s3: "s3:DeleteBucket", secretsmanager: "secretsmanager:GetSecretValue", sqs: "sqs:DeleteQueue", sns: "sns:DeleteTopic", ssm: "ssm:GetParameter",
};

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

describe("least-privilege deploy roles on acme", () => {
  let narrow: { plan: Plan; md: string; inventory: Inventory; out: string };
  let copy: { plan: Plan; out: string };
  beforeAll(async () => {
    const [a, b] = [await tempDir(), await tempDir()];
    const [r1, r2] = await Promise.all([runCli(["generate", "--sandbox", "--quiet", "--out", a]), runCli(["generate", "--sandbox", "--quiet", "--permissions", "copy", "--out", b])]);
    expect(r1.stderr + r2.stderr).toBe("");
    const read = async (dir: string, f: string) => readFile(join(dir, f), "utf8");
    narrow = { plan: JSON.parse(await read(a, "plan.json")), md: await read(a, "plan.md"), inventory: JSON.parse(await read(a, "inventory.json")), out: a };
    copy = { plan: JSON.parse(await read(b, "plan.json")), out: b };
  }, 240_000);

  const holders = (plan: Plan) => plan.roles.filter((r) => r.kind !== "entry" && r.managedByKeyless);
  /** The IAM user a role's permissions come from ("… (attached to user X)", "… of group G of X)", "inline policy P of user X"). */
  const ownerOf = (role: PlanRole) => role.permissions.sources[0]?.match(/(?:user|of) ([^\s)]+)\)?$/)?.[1];

  it("narrows the roles whose keys left evidence, says so in plan.md, and writes the narrowed policy into the Terraform", async () => {
    const narrowed = holders(narrow.plan).filter((r) => r.permissions.narrowing?.chosen === "narrow");
    expect(narrowed.length).toBeGreaterThan(10);
    expect(narrow.plan.config.permissions).toBe("narrow");
    expect(narrow.md).toMatch(/narrowed: keeps \d+ action\(s\) the key used/);
    expect(narrow.md).toMatch(/--permissions narrow: \d+ of \d+ deploy role\(s\) narrowed/);
    for (const role of narrowed) {
      expect(role.permissions.managedPolicyArns).toEqual([]);
      const [policy] = role.permissions.inlinePolicies;
      expect(policy?.name).toBe("least-privilege");
      // Never a bare `*` action; `service:*` only for a service whose evidence is service-level only.
      for (const s of policy!.document.Statement.filter((x) => x.Effect === "Allow")) {
        for (const a of list(s.Action)) {
          expect(a).not.toBe("*");
          if (a.endsWith(":*")) expect(role.permissions.narrowing!.serviceLevelOnly).toContain(a.split(":")[0]);
        }
      }
      const tf = await readFile(join(narrow.out, "terraform", narrow.plan.accounts.find((a) => a.id === role.accountId)!.module, "main.tf"), "utf8");
      for (const action of role.permissions.narrowing!.actions) expect(tf).toContain(action);
    }
  });

  it("an administrator key becomes a narrowed role with a finding; --permissions copy keeps it admin, with a finding and the narrowed policy offered", () => {
    const legacyNarrow = holders(narrow.plan).find((r) => ownerOf(r) === "legacy-deployer")!;
    expect(legacyNarrow.permissions.narrowing?.chosen).toBe("narrow");
    expect(JSON.stringify(legacyNarrow.permissions)).not.toContain("AdministratorAccess\"");
    const issues = narrow.plan.repos.flatMap((r) => r.issues);
    expect(issues.some((i) => i.code === "AdminKeyNarrowed" && i.message.includes("legacy-deployer"))).toBe(true);

    const legacyCopy = holders(copy.plan).find((r) => ownerOf(r) === "legacy-deployer")!;
    expect(legacyCopy.permissions.managedPolicyArns).toContain("arn:aws:iam::aws:policy/AdministratorAccess");
    expect(legacyCopy.permissions.narrowing?.document?.Statement.length).toBeGreaterThan(0);
    expect(copy.plan.repos.flatMap((r) => r.issues).some((i) => i.code === "AdminRoleCopied" && i.message.includes("legacy-deployer"))).toBe(true);
  });

  it("the pull request body says which permissions each deploy role gets, and on what evidence", async () => {
    const [narrowed, copied] = await Promise.all([
      runCli(["pr", "--from", narrow.out, "--repo", "legacy-monolith", "--no-diff"], { env: { GITHUB_TOKEN: undefined, GH_TOKEN: undefined } }),
      runCli(["pr", "--from", copy.out, "--repo", "legacy-monolith", "--no-diff"], { env: { GITHUB_TOKEN: undefined, GH_TOKEN: undefined } }),
    ]);
    expect(narrowed.code).toBe(0);
    expect(narrowed.stdout).toMatch(/gha-legacy-monolith-deploy`? in `?\d{12}`?: narrowed: keeps \d+ action\(s\) the key used \(cloudformation:/);
    expect(narrowed.stdout).toMatch(/Evidence: IAM last-accessed data \(action level where IAM tracks actions, the 400 days before the scan\)/);
    expect(narrowed.stdout).toContain("is administrator-equivalent");
    expect(copied.stdout).toMatch(/the key user's policies, copied \(arn:aws:iam::aws:policy\/AdministratorAccess\), as --permissions copy asks; the narrowed policy/);
  }, 120_000);

  it("the IAM simulator allows every narrowed role what its key did, and denies what it never did", async () => {
    const inv = narrow.inventory.aws!;
    const rows: string[] = [];
    let allowedChecks = 0;
    let deniedChecks = 0;
    for (const role of holders(narrow.plan).filter((r) => r.permissions.narrowing?.chosen === "narrow")) {
      const n = role.permissions.narrowing!;
      const policy = role.permissions.inlinePolicies[0]!.document;
      const user = inv.users.find((u) => u.accountId === role.accountId && u.userName === ownerOf(role))!;
      expect(user, `${role.name} ${ownerOf(role)}`).toBeTruthy();
      const keys = new Set(inv.accessKeys.filter((k) => k.accountId === user.accountId && k.userName === user.userName).map((k) => k.accessKeyId));
      const did = new Set([
        ...inv.cloudTrail.filter((e) => keys.has(e.accessKeyId)).map((e) => iamActionOfEvent(e.eventSource, e.eventName)),
        ...(user.lastAccessed?.services ?? []).flatMap((s) => (s.actions ?? []).filter((a) => a.lastAccessed).map((a) => `${s.namespace}:${a.name}`)),
      ]);
      for (const action of [...did].filter((a) => a !== "sts:GetCallerIdentity" && !n.usedNotAllowed.includes(a))) {
        const statement = policy.Statement.find((s: PolicyStatement) => s.Effect === "Allow" && list(s.Action).some((p) => p.toLowerCase() === action.toLowerCase()))!;
        expect(statement, `${role.name} ${action}`).toBeTruthy();
        const resource = concreteResource(list(statement.Resource)[0] ?? "*", action.split(":")[0]!, role.accountId);
        expect(await simulateIdentity(policy, { principal: role.arn, action, resource, accountId: role.accountId }), `${role.name} ${action} on ${resource}`).toBe("Allowed");
        allowedChecks++;
      }
      for (const svc of n.droppedServices.filter((s) => NEVER[s])) {
        const action = NEVER[svc]!;
        expect(await simulateIdentity(policy, { principal: role.arn, action, resource: `arn:aws:${svc}:us-east-1:${role.accountId}:keyless-simulated`, accountId: role.accountId }), `${role.name} ${action}`).not.toBe("Allowed");
        deniedChecks++;
      }
      // A service the key used action by action: the actions it never called are gone too.
      for (const svc of new Set(n.actions.map((a) => a.split(":")[0]!))) {
        const action = NEVER[svc];
        if (!action || n.actions.includes(action) || n.serviceLevelOnly.includes(svc)) continue;
        expect(await simulateIdentity(policy, { principal: role.arn, action, resource: `arn:aws:${svc}:us-east-1:${role.accountId}:keyless-simulated`, accountId: role.accountId }), `${role.name} ${action}`).not.toBe("Allowed");
        deniedChecks++;
      }
      const kept = [...n.actions, ...n.serviceLevelOnly.map((s) => `${s} (as granted)`)];
      rows.push(`| ${role.name} | ${user.userName} | ${kept.join(", ")} | ${n.droppedServices.join(", ") || "—"} |`);
    }
    // The same checks on the policy a copied administrator role holds would allow everything.
    const everything = { Version: "2012-10-17", Statement: [{ Effect: "Allow" as const, Action: "*", Resource: "*" }] };
    expect(await simulateIdentity(everything, { principal: "arn:aws:iam::222222222222:role/x", action: "iam:CreateAccessKey", resource: "arn:aws:iam:us-east-1:222222222222:keyless-simulated", accountId: "222222222222" })).toBe("Allowed");
    expect(allowedChecks).toBeGreaterThan(10);
    expect(deniedChecks).toBeGreaterThan(10);
    console.log(`simulator: ${allowedChecks} used actions allowed, ${deniedChecks} unused actions denied`);
    console.log(["| role | user | keeps | drops (services) |", "|---|---|---|---|", ...[...new Set(rows)]].join("\n"));
  });
});
