import { describe, expect, it } from "vitest";
import { KeylessError } from "../../core/errors.js";
import { render, mark } from "./markers.js";
import {
  buildScenario,
  DEFAULT_NOW,
  SANDBOX_AWS_CREDENTIALS,
  SANDBOX_AWS_DELEGATED_CREDENTIALS,
  SANDBOX_GITHUB_LIMITED_TOKEN,
  SANDBOX_GITHUB_TOKEN,
  scenarioNames,
} from "./index.js";

const acme = buildScenario("acme");
const iamAll = Object.values(acme.aws.iam);

describe("buildScenario", () => {
  it("is deterministic: the same seed gives byte-identical JSON, another seed a different world", () => {
    expect(JSON.stringify(buildScenario("acme"))).toBe(JSON.stringify(acme));
    expect(JSON.stringify(buildScenario("acme", { seed: 7 }))).toBe(JSON.stringify(buildScenario("acme", { seed: 7 })));
    const other = buildScenario("acme", { seed: 7 });
    expect(other.aws.accounts[0]?.id).not.toBe(acme.aws.accounts[0]?.id);
    expect(other.github.repos.map((r) => r.name)).toEqual(acme.github.repos.map((r) => r.name));
  });

  it("uses the given now (default 2026-11-20T12:00:00Z) and never dates anything after it", () => {
    expect(acme.now).toBe(DEFAULT_NOW);
    const later = buildScenario("acme", { now: "2027-03-01T08:00:00Z" });
    expect(later.now).toBe("2027-03-01T08:00:00Z");
    for (const world of [acme, later]) {
      const now = Date.parse(world.now);
      const times = [
        ...iamAll.flatMap((a) => [...a.accessKeys.flatMap((k) => [k.createDate, k.lastUsed?.date]), ...a.users.map((u) => u.createDate)]),
        ...world.aws.cloudtrail.map((e) => e.eventTime),
        ...world.github.repos.flatMap((r) => [
          r.createdAt, r.pushedAt, r.updatedAt, ...r.secrets.map((s) => s.updatedAt), ...r.workflowRuns.map((w) => w.updatedAt),
          ...r.environments.flatMap((e) => [e.createdAt, ...e.secrets.map((s) => s.updatedAt)]), ...r.secretScanningAlerts.map((a) => a.createdAt),
        ]),
        ...(world.github.orgs[0]?.secrets ?? []).map((s) => s.updatedAt),
      ];
      for (const t of times) if (t) expect(Date.parse(t)).toBeLessThanOrEqual(now);
    }
  });

  it("rejects an unknown scenario with a KeylessError that names the known ones", () => {
    expect(scenarioNames).toEqual(["acme", "large", "enterprise"]);
    let error: unknown;
    try {
      buildScenario("acne");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KeylessError);
    expect((error as KeylessError).code).toBe("UnknownScenario");
    expect((error as KeylessError).message).toContain("acne");
    expect((error as KeylessError).remediation).toContain("acme, large");
    // Prototype keys are not scenarios either.
    expect(() => buildScenario("toString")).toThrow(KeylessError);
  });

  it("rejects nonsense options clearly", () => {
    expect(() => buildScenario("acme", { repos: -1 })).toThrow(/--repos must be a whole number/);
    expect(() => buildScenario("acme", { accounts: 2.5 })).toThrow(/--accounts must be a whole number/);
    expect(() => buildScenario("acme", { now: "yesterday" })).toThrow(/not an ISO-8601 date/);
  });
});

describe("identifier formats", () => {
  it("shapes AWS ids like AWS", () => {
    const { organization, roots, ous, accounts } = acme.aws;
    expect(organization.id).toMatch(/^o-[a-z0-9]{10}$/);
    for (const r of roots) expect(r.id).toMatch(/^r-[a-z0-9]{4}$/);
    const rootPart = roots[0]?.id.slice(2);
    for (const ou of ous) expect(ou.id).toMatch(new RegExp(`^ou-${rootPart}-[a-z0-9]{8}$`));
    for (const a of accounts) {
      expect(a.id).toMatch(/^\d{12}$/);
      expect(a.arn).toBe(`arn:aws:organizations::${organization.managementAccountId}:account/${organization.id}/${a.id}`);
    }
    expect(new Set(accounts.map((a) => a.id)).size).toBe(accounts.length);
    for (const iam of iamAll) {
      for (const u of iam.users) expect(u.userId).toMatch(/^AIDA[A-Z2-7]{16}$/);
      for (const r of iam.roles) expect(r.roleId).toMatch(/^AROA[A-Z2-7]{16}$/);
      for (const g of iam.groups) expect(g.groupId).toMatch(/^AGPA[A-Z2-7]{16}$/);
      for (const k of iam.accessKeys) expect(k.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    }
    const keyIds = iamAll.flatMap((a) => a.accessKeys.map((k) => k.accessKeyId));
    expect(new Set(keyIds).size).toBe(keyIds.length);
  });

  it("gives GitHub objects unique numeric ids and node ids", () => {
    const repoIds = acme.github.repos.map((r) => r.id);
    expect(new Set(repoIds).size).toBe(repoIds.length);
    for (const r of acme.github.repos) {
      expect(r.nodeId).toMatch(/^R_kgDO/);
      expect(r.ownerId).toBe(acme.github.orgs[0]?.id);
      expect(r.fullName).toBe(`acme/${r.name}`);
    }
    const runIds = acme.github.repos.flatMap((r) => r.workflowRuns.map((w) => w.id));
    expect(new Set(runIds).size).toBe(runIds.length);
    for (const id of runIds) expect(Number.isSafeInteger(id) && id > 1e10).toBe(true);
  });
});

describe("sandbox credentials", () => {
  it("registers one management-account caller and one delegated-administrator caller, with obviously fake secrets", () => {
    const callers = Object.values(acme.aws.callers);
    expect(callers).toHaveLength(2);
    const delegated = acme.aws.callers[SANDBOX_AWS_DELEGATED_CREDENTIALS.accessKeyId];
    expect(SANDBOX_AWS_DELEGATED_CREDENTIALS.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(SANDBOX_AWS_DELEGATED_CREDENTIALS.secretAccessKey).toMatch(/not-real/);
    expect(acme.aws.organization.delegatedAdministrators?.map((d) => d.accountId)).toContain(delegated?.accountId);
    expect(delegated?.accountId).not.toBe(acme.aws.organization.managementAccountId);
    const caller = acme.aws.callers[SANDBOX_AWS_CREDENTIALS.accessKeyId];
    expect(caller?.accessKeyId).toBe(SANDBOX_AWS_CREDENTIALS.accessKeyId);
    expect(SANDBOX_AWS_CREDENTIALS.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(SANDBOX_AWS_CREDENTIALS.secretAccessKey).toMatch(/not-real/);
    expect(SANDBOX_AWS_CREDENTIALS.secretAccessKey.length).toBeLessThan(40);
    expect(caller?.accountId).toBe(acme.aws.organization.managementAccountId);
    expect(caller?.arn).toBe(`arn:aws:iam::${caller?.accountId}:user/automation/keyless-sandbox`);
    expect(acme.aws.auditRoleName).toBe("OrganizationAccountAccessRole");
  });

  it("accepts a full token and a public_repo-only token", () => {
    const full = acme.github.tokens.find((t) => t.token === SANDBOX_GITHUB_TOKEN);
    const limited = acme.github.tokens.find((t) => t.token === SANDBOX_GITHUB_LIMITED_TOKEN);
    expect(full?.scopes).toEqual(expect.arrayContaining(["repo", "workflow", "admin:org"]));
    expect(limited?.scopes).toEqual(["public_repo"]);
  });
});

describe("usage markers", () => {
  it("strips markers and reports their 1-based lines, with CRLF and without a final newline", () => {
    const raw = `a: 1\nb: x${mark("env-step", "job", "main", ["K", "S"])}\nc: 3\n`;
    const lf = render(raw);
    expect(lf.text).toBe("a: 1\nb: x\nc: 3\n");
    expect(lf.usages).toEqual([{ shape: "env-step", job: "job", slot: "main", names: ["K", "S"], line: 2 }]);
    const crlf = render(raw, { crlf: true, noFinalNewline: true });
    expect(crlf.text).toBe("a: 1\r\nb: x\r\nc: 3");
    expect(crlf.usages[0]?.line).toBe(2);
  });
});
