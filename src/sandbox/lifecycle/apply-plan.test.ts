import { beforeAll, describe, expect, test } from "vitest";
import type { Plan } from "../../plan/index.js";
import type { World } from "../world.js";
import { applyPlanToWorld } from "./apply-plan.js";
import { acmeWithPlan, TOOLING } from "../../../test/support/lifecycle.js";

let hub: { world: World; plan: Plan };
let direct: { world: World; plan: Plan };
beforeAll(() => {
  hub = acmeWithPlan();
  direct = acmeWithPlan({ topology: "direct" });
});

const clone = (x: { world: World; plan: Plan }) => ({ world: structuredClone(x.world), plan: x.plan });
const roleAt = (world: World, arn: string) => world.aws.iam[arn.split(":")[4] ?? ""]?.roles.find((r) => r.arn === arn);

describe("applyPlanToWorld", () => {
  test("creates every role keyless manages, with the trust, permissions and tags of the generated Terraform", () => {
    const { world, plan } = clone(hub);
    const report = applyPlanToWorld(world, plan);
    expect(report.errors).toEqual([]);
    const managed = plan.roles.filter((r) => r.managedByKeyless);
    expect(managed.length).toBeGreaterThan(10);
    for (const planned of managed) {
      const role = roleAt(world, planned.arn);
      expect(role, planned.arn).toBeDefined();
      expect(role).toMatchObject({ roleName: planned.name, path: planned.path, maxSessionDuration: planned.maxSessionDuration, description: planned.description });
      expect(JSON.parse(role!.assumeRolePolicyDocument)).toEqual(planned.trustPolicy);
      expect(role!.inlinePolicies.map((p) => ({ name: p.name, document: JSON.parse(p.document) }))).toEqual(planned.permissions.inlinePolicies);
      expect(role!.attachedPolicies.map((p) => p.arn).sort()).toEqual([...planned.permissions.managedPolicyArns].sort());
      expect(role!.tags).toContainEqual({ key: "ManagedBy", value: "keyless" });
      expect(role!.tags).toContainEqual({ key: "keyless:repo", value: planned.repo });
    }
    // The tooling account's provider exists already: read, not recreated.
    expect(world.aws.iam[TOOLING]!.oidcProviders).toHaveLength(1);
    expect(report.changes.filter((c) => c.kind === "oidc-provider")).toEqual([{ action: "unchanged", kind: "oidc-provider", address: plan.providers[0]!.arn }]);
  });

  test("creates the OIDC provider in each account whose module declares one (direct topology)", () => {
    const { world, plan } = clone(direct);
    const created = plan.providers.filter((p) => !p.exists);
    expect(created.length).toBeGreaterThan(1);
    applyPlanToWorld(world, plan);
    for (const p of created) {
      expect(world.aws.iam[p.accountId]!.oidcProviders).toContainEqual(expect.objectContaining({ arn: p.arn, url: "token.actions.githubusercontent.com", clientIdList: ["sts.amazonaws.com"] }));
    }
  });

  test("applying the same plan twice changes nothing the second time", () => {
    const { world, plan } = clone(hub);
    applyPlanToWorld(world, plan);
    const after = JSON.stringify(world.aws.iam);
    const second = applyPlanToWorld(world, plan);
    expect(second.errors).toEqual([]);
    expect(second.changes.filter((c) => c.action !== "unchanged")).toEqual([]);
    expect(JSON.stringify(world.aws.iam)).toBe(after);
  });

  test("a changed plan updates its roles in place", () => {
    const { world, plan } = clone(hub);
    applyPlanToWorld(world, plan);
    const target = plan.roles.find((r) => r.kind === "deploy")!;
    const changed: Plan = structuredClone(plan);
    const role = changed.roles.find((r) => r.id === target.id)!;
    role.maxSessionDuration = 1800;
    role.permissions.inlinePolicies.push({ name: "extra", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] } });
    const report = applyPlanToWorld(world, changed);
    expect(report.changes.filter((c) => c.action !== "unchanged")).toEqual([
      { action: "update", kind: "role", address: target.arn },
      { action: "create", kind: "role-policy", address: `${target.arn}#extra` },
    ]);
    expect(roleAt(world, target.arn)?.maxSessionDuration).toBe(1800);
  });

  test("a role of the same name made outside Terraform is an error for that role only", () => {
    const { world, plan } = clone(hub);
    const entry = plan.roles.find((r) => r.kind === "entry")!;
    world.aws.iam[TOOLING]!.roles.push({ roleName: entry.name, roleId: "AROAHANDMADE000000001", arn: `arn:aws:iam::${TOOLING}:role/${entry.name}`, path: "/", createDate: world.now, maxSessionDuration: 3600, assumeRolePolicyDocument: "{}", attachedPolicies: [], inlinePolicies: [] });
    const report = applyPlanToWorld(world, plan);
    expect(report.errors).toContainEqual({ module: `tooling-${TOOLING}`, address: entry.arn, message: `EntityAlreadyExists: Role with name ${entry.name} already exists.` });
    // Its deploy roles name it as principal, which IAM refuses while it does not exist.
    const dependents = plan.roles.filter((r) => r.trustedRoleArns?.includes(entry.arn));
    for (const d of dependents) expect(report.errors.map((e) => e.address)).toContain(d.arn);
    const others = plan.roles.filter((r) => r.managedByKeyless && r.id !== entry.id && !dependents.includes(r));
    for (const r of others) expect(roleAt(world, r.arn), r.arn).toBeDefined();
  });

  test("a provider the plan expects to exist but that is gone fails its whole module", () => {
    const { world, plan } = clone(hub);
    world.aws.iam[TOOLING]!.oidcProviders = [];
    const report = applyPlanToWorld(world, plan);
    expect(report.errors[0]).toMatchObject({ module: `tooling-${TOOLING}`, message: expect.stringContaining("no OpenIDConnect provider") });
    expect(plan.roles.filter((r) => r.accountId === TOOLING && r.managedByKeyless).some((r) => roleAt(world, r.arn))).toBe(false);
  });

  test("an attachment of a policy that does not exist is an error; the role is still made", () => {
    const { world, plan } = clone(hub);
    const changed: Plan = structuredClone(plan);
    const role = changed.roles.find((r) => r.kind === "deploy")!;
    role.permissions.managedPolicyArns.push(`arn:aws:iam::${role.accountId}:policy/gone`);
    const report = applyPlanToWorld(world, changed);
    expect(report.errors).toEqual([expect.objectContaining({ address: `${role.arn}#arn:aws:iam::${role.accountId}:policy/gone`, message: expect.stringContaining("NoSuchEntity") })]);
    expect(roleAt(world, role.arn)).toBeDefined();
  });

  test("existing roles get the README's trust statements only when asked, once", () => {
    const { world, plan } = clone(hub);
    const change = plan.existingRoleChanges[0]!;
    const before = roleAt(world, change.roleArn)!.assumeRolePolicyDocument;
    applyPlanToWorld(world, plan);
    expect(roleAt(world, change.roleArn)!.assumeRolePolicyDocument).toBe(before);
    const report = applyPlanToWorld(world, plan, { existingRoleChanges: true });
    expect(report.changes).toContainEqual({ action: "update", kind: "existing-role-trust", address: change.roleArn });
    const statements = JSON.parse(roleAt(world, change.roleArn)!.assumeRolePolicyDocument).Statement;
    expect(statements).toEqual(expect.arrayContaining(change.statements));
    const again = applyPlanToWorld(world, plan, { existingRoleChanges: true });
    expect(again.changes).toContainEqual({ action: "unchanged", kind: "existing-role-trust", address: change.roleArn });
  });
});
