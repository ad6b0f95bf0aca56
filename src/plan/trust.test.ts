// Every trust policy of the acme plan (both topologies), evaluated by an IAM policy simulator: the
// intended repo and ref or environment get in; another repo, another branch, a pull request, a fork,
// a wrong audience, a missing subject or another provider do not; a chained hop admits only its entry
// role, with its ExternalId.
import { beforeAll, describe, expect, it } from "vitest";
import { acmeFixture, planOf, simulateTrust, type Fixture } from "../../test/support/plan.js";
import type { Plan, PlanRole, TrustedSubject } from "./schema.js";

const ISSUER = "token.actions.githubusercontent.com";
const WEB = "sts:AssumeRoleWithWebIdentity";

/** A concrete subject a token could carry for a trusted value (patterns filled in, IAM escapes undone). */
function instance(s: TrustedSubject): string {
  if (s.operator === "StringEquals") return s.value;
  return s.value.replace(/\$\{\$\}|\$\{\*\}|\$\{\?\}|\*/g, (m) => (m === "${$}" ? "$" : m === "${*}" ? "*" : m === "${?}" ? "?" : "x1"));
}

/** The same subject one path segment deeper in each wildcard: what a segment pattern must refuse. */
function deeper(s: TrustedSubject): string {
  return s.value.replace(/\$\{\$\}|\$\{\*\}|\$\{\?\}|\*/g, (m) => (m === "${$}" ? "$" : m === "${*}" ? "*" : m === "${?}" ? "?" : "x1/evil"));
}

const like = (value: string, sub: string) => {
  const re = value.split(/(\$\{[$*?]\}|\*)/).map((p) => (p === "*" ? ".*" : p.startsWith("${") ? `\\${p[2]}` : p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("");
  return new RegExp(`^${re}$`).test(sub);
};

/** Whether the role means to trust `sub` (one of its own subjects), so it is no impostor. */
function intended(role: PlanRole, sub: string): boolean {
  return (role.subjects ?? []).some((s) => (s.operator === "StringEquals" ? s.value === sub : like(s.value, sub) && !(s.notLike ?? []).some((n) => like(n, sub))));
}

function web(role: PlanRole, plan: Plan, sub: string | undefined, aud = "sts.amazonaws.com", provider?: string) {
  const prov = provider ?? plan.providers.find((p) => p.accountId === role.accountId)?.arn ?? "";
  const context: Record<string, string> = { [`${ISSUER}:aud`]: aud };
  if (sub !== undefined) context[`${ISSUER}:sub`] = sub;
  return simulateTrust(role.trustPolicy, { principal: prov, action: WEB, roleArn: role.arn, context });
}

/** Every way a token from somewhere else could look, given one the role trusts. */
function impostors(sub: string, repo: string): Array<[string, string]> {
  const [owner = "", name = ""] = repo.split("/");
  const out: Array<[string, string]> = [
    ["another repo", sub.replace(`/${name}`, `/${name}-other`)],
    ["a fork", sub.replace(new RegExp(`^repo:${owner}`), "repo:attacker")],
    ["a pull request", sub.replace(/:(ref|environment):.*$/, ":pull_request")],
    ["the org-wide form", `repo:${owner}/*`],
  ];
  if (/:ref:refs\/(heads|tags)\/[^*]*$/.test(sub) && sub.endsWith("x1")) out.push(["a ref one segment deeper", `${sub}/evil`]);
  if (sub.includes(":ref:refs/heads/")) out.push(["another branch", sub.replace(/refs\/heads\/.*$/, "refs/heads/attacker-branch")]);
  if (sub.includes(":ref:refs/tags/")) out.push(["a branch instead of a tag", sub.replace(/refs\/tags\/.*$/, "refs/heads/main")]);
  if (sub.includes(":environment:")) out.push(["another environment", sub.replace(/environment:.*$/, "environment:attacker-env")], ["a branch instead of the environment", sub.replace(/environment:.*$/, "ref:refs/heads/main")]);
  return out.filter(([, s]) => s !== sub);
}

for (const topology of ["hub-and-spoke", "direct"] as const) {
  describe(`every ${topology} trust policy of the acme plan, in the IAM simulator`, () => {
    let fixture: Fixture;
    let plan: Plan;
    beforeAll(() => {
      fixture = acmeFixture();
      // No config: the repos whose filters use GitHub's single * (release/*, v*, release-*) are
      // planned exactly and simulated with the rest.
      plan = planOf(fixture, { topology });
    });

    it("opens every subject with the repository's own literal claims: a * only ever closes it", () => {
      for (const role of plan.roles.filter((r) => r.subjects)) {
        for (const s of role.subjects ?? []) {
          const [owner, name] = role.repo.split("/");
          expect(s.value, s.value).toMatch(new RegExp(`^repo:${owner}(@\\d+)?/${name}(@\\d+)?:`));
          if (s.operator === "StringLike" && s.value.includes("*")) expect(s.value.slice(s.value.indexOf("*")), s.value).not.toContain(":");
        }
      }
    });

    it("admits the intended repo and ref or environment, and nothing else", async () => {
      const webRoles = plan.roles.filter((r) => r.subjects);
      expect(webRoles.length).toBeGreaterThan(20);
      let checked = 0;
      let segments = 0;
      for (const role of webRoles) {
        for (const s of role.subjects ?? []) {
          const sub = instance(s);
          expect(await web(role, plan, sub), `${role.name} ← ${sub}`).toBe("Allowed");
          if (s.notLike) {
            segments++;
            const deep = deeper(s);
            expect(intended(role, deep), deep).toBe(false);
            expect(await web(role, plan, deep), `${role.name} ← one segment deeper: ${deep}`).not.toBe("Allowed");
          }
          for (const [what, other] of impostors(sub, role.repo).filter(([, o]) => !intended(role, o))) {
            expect(await web(role, plan, other), `${role.name} ← ${what}: ${other}`).not.toBe("Allowed");
          }
          expect(await web(role, plan, sub, "https://github.com/acme"), `${role.name}: wrong audience`).not.toBe("Allowed");
          expect(await web(role, plan, undefined), `${role.name}: no sub`).not.toBe("Allowed");
          expect(await web(role, plan, sub, "sts.amazonaws.com", "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"), `${role.name}: another account's provider`).not.toBe("Allowed");
          checked++;
        }
      }
      expect(checked).toBeGreaterThanOrEqual(webRoles.length);
      // release/* (checkout-service), v* (chat-plugin-github, -jira), release-* (customer-portal).
      expect(segments).toBeGreaterThanOrEqual(4);
    });

    it("never trusts another role's subjects: each role admits only its own", async () => {
      const webRoles = plan.roles.filter((r) => r.subjects);
      for (const role of webRoles) {
        const own = new Set((role.subjects ?? []).map(instance));
        for (const other of webRoles) {
          if (other === role || other.repo !== role.repo) continue;
          for (const s of other.subjects ?? []) {
            const sub = instance(s);
            if (own.has(sub) || (role.subjects ?? []).some((x) => x.operator === "StringLike")) continue;
            expect(await web(role, plan, sub), `${role.name} ← ${other.name}'s ${sub}`).not.toBe("Allowed");
          }
        }
      }
    });
  });
}

describe("chained hops of the acme plan, in the IAM simulator", () => {
  let plan: Plan;
  beforeAll(() => {
    plan = planOf(acmeFixture());
  });

  const hop = (deploy: PlanRole, caller: PlanRole | string, action: string, externalId: string | undefined) => {
    const callerArn = typeof caller === "string" ? caller : caller.arn;
    const identity = typeof caller === "string" ? undefined : caller.permissions.inlinePolicies[0]?.document;
    return simulateTrust(deploy.trustPolicy, {
      principal: callerArn,
      action,
      roleArn: deploy.arn,
      context: externalId === undefined ? {} : { "sts:ExternalId": externalId },
      ...(identity ? { identityPolicy: identity } : {}),
    });
  };

  it("admits the entry role with the ExternalId for sts:AssumeRole and sts:TagSession, and nothing else", async () => {
    const deploys = plan.roles.filter((r) => r.kind === "deploy");
    const entries = plan.roles.filter((r) => r.kind === "entry");
    expect(deploys.length).toBeGreaterThan(20);
    for (const deploy of deploys) {
      expect(deploy.maxSessionDuration).toBe(3600);
      expect(deploy.externalId).toMatch(/^keyless-[0-9a-f]{32}$/);
      const trusted = entries.filter((e) => deploy.trustedRoleArns?.includes(e.arn));
      expect(trusted.length).toBeGreaterThan(0);
      for (const entry of trusted) {
        for (const action of ["sts:AssumeRole", "sts:TagSession"]) {
          expect(await hop(deploy, entry, action, deploy.externalId), `${entry.name} → ${deploy.arn} ${action}`).toBe("Allowed");
        }
        expect(await hop(deploy, entry, "sts:AssumeRole", undefined), `${deploy.arn} without ExternalId`).not.toBe("Allowed");
        expect(await hop(deploy, entry, "sts:AssumeRole", "keyless-00000000000000000000000000000000"), `${deploy.arn} wrong ExternalId`).not.toBe("Allowed");
      }
      for (const other of entries.filter((e) => !deploy.trustedRoleArns?.includes(e.arn)).slice(0, 5)) {
        expect(await hop(deploy, other, "sts:AssumeRole", deploy.externalId), `${other.name} must not chain into ${deploy.arn}`).not.toBe("Allowed");
      }
      const account = deploy.accountId;
      expect(await hop(deploy, `arn:aws:iam::${account}:role/SomeOtherRole`, "sts:AssumeRole", deploy.externalId), "a role of the target account").not.toBe("Allowed");
      expect(await hop(deploy, `arn:aws:iam::${account}:root`, "sts:AssumeRole", deploy.externalId), "the target account itself").not.toBe("Allowed");
    }
  });

  it("lets each entry role chain only into its own repository's deploy roles", async () => {
    for (const entry of plan.roles.filter((r) => r.kind === "entry")) {
      const doc = entry.permissions.inlinePolicies[0]?.document;
      expect(entry.permissions.managedPolicyArns).toEqual([]);
      const resources = [doc?.Statement[0]?.Resource].flat();
      for (const arn of resources) expect(plan.roles.find((r) => r.arn === arn)?.repo ?? plan.existingRoleChanges.find((c) => c.roleArn === arn)?.repo).toBe(entry.repo);
    }
  });
});
