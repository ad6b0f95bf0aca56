// The `enterprise` scenario adds acme-labs and the acme-group enterprise without touching acme.
import { describe, expect, it } from "vitest";
import { buildScenario, ENTERPRISE_SLUG, LABS_ORG } from "./index.js";

describe("enterprise scenario", () => {
  const acme = buildScenario("acme");
  const enterprise = buildScenario("enterprise");

  it("keeps acme's repositories, AWS side and truth as the acme scenario has them", () => {
    expect(enterprise.github.repos.filter((r) => r.owner === "acme")).toEqual(acme.github.repos);
    expect(enterprise.aws).toEqual(acme.aws);
    expect(enterprise.truth.usages.filter((u) => u.repo.startsWith("acme/"))).toEqual(acme.truth.usages);
  });

  it("adds a small second organization sharing the AWS organization, and an enterprise listing both", () => {
    const labs = enterprise.github.repos.filter((r) => r.owner === LABS_ORG);
    expect(labs.map((r) => r.fullName)).toHaveLength(4);
    const ids = new Set(enterprise.github.repos.map((r) => r.id));
    expect(ids.size).toBe(enterprise.github.repos.length);
    expect(enterprise.github.enterprises).toEqual([expect.objectContaining({ slug: ENTERPRISE_SLUG, orgs: ["acme", LABS_ORG] })]);
    // The copied repos' keys are acme's AWS keys: the truth links them in both organizations.
    const keys = new Set(Object.values(enterprise.aws.iam).flatMap((i) => i.accessKeys.map((k) => k.accessKeyId)));
    const labsLinks = enterprise.truth.links.filter((l) => l.repo.startsWith(`${LABS_ORG}/`));
    expect(labsLinks.length).toBeGreaterThan(0);
    for (const l of labsLinks) expect(keys.has(l.accessKeyId)).toBe(true);
  });
});
