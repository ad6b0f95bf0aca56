import { beforeAll, describe, expect, it } from "vitest";
import type { Stages } from "../../cli/pipeline.js";
import { buildChangeSets, buildTerraformChangeSet, MIGRATION_BRANCH, TERRAFORM_BRANCH, terraformFolder, type ChangeSet, type Selection } from "./change-set.js";
import { gitBlobSha, planHashOf } from "./hash.js";
import { markerComment, readCommitTrailer, readMarker } from "./marker.js";
import { acmeStages, changeSetsOf } from "../../../test/support/publish/github.js";

let stages: Stages;
let sets: ChangeSet[];
const byRepo = (repo: string) => sets.find((c) => c.repo === repo) as ChangeSet;

beforeAll(() => {
  stages = acmeStages().stages;
  sets = changeSetsOf(stages).changeSets;
});

describe("buildChangeSets on the acme plan", () => {
  it("one change set per ready repo with patches, on keyless's branch, files in path order with the text they came from", () => {
    const ready = stages.plan.repos.filter((r) => r.status === "ready").map((r) => r.repo);
    const patched = stages.patches.filter((p) => p.patches.length > 0).map((p) => p.repo);
    expect(sets.map((c) => c.repo).sort()).toEqual(patched.sort());
    expect(sets.length).toBeGreaterThan(20);
    for (const cs of sets) {
      expect(ready).toContain(cs.repo);
      expect(cs.branch).toBe(MIGRATION_BRANCH);
      expect(cs.baseBranch).toBe(stages.inventory.github?.repos.find((r) => r.fullName === cs.repo)?.defaultBranch);
      expect(cs.files.map((f) => f.path)).toEqual([...cs.files.map((f) => f.path)].sort());
      const repo = stages.inventory.github?.repos.find((r) => r.fullName === cs.repo);
      for (const f of cs.files) {
        expect(f.before).toBe(repo?.workflows.find((w) => w.path === f.path)?.text);
        expect(f.content).not.toBe(f.before);
        expect(f.content).not.toMatch(/secrets\.AWS_SECRET_ACCESS_KEY/);
      }
    }
  });

  it("the body starts with the marker of the files' hash, names the roles, says Terraform first, lists reviewer checks and the evidence", () => {
    const cs = byRepo("acme/customer-portal");
    const plan = stages.plan.repos.find((r) => r.repo === "acme/customer-portal")!;
    expect(cs.planHash).toBe(planHashOf(cs.files));
    expect(cs.body.startsWith(markerComment("migration", cs.planHash))).toBe(true);
    expect(readMarker(cs.body)).toEqual({ kind: "migration", planHash: cs.planHash });
    for (const a of plan.assignments) {
      expect(cs.body).toContain(a.entryRoleArn);
      if (a.chainRoleArn) expect(cs.body).toContain(a.chainRoleArn);
    }
    expect(cs.body).toMatch(/Apply the Terraform before merging.*`tooling-\d{12}\/`, `account-\d{12}\/`/);
    expect(cs.body).toContain("- [ ] The Terraform is applied");
    const patch = stages.patches.find((p) => p.repo === "acme/customer-portal")!.patches;
    expect(patch.flatMap((p) => p.reviewerChecks).length).toBeGreaterThan(0);
    for (const check of patch.flatMap((p) => p.reviewerChecks)) expect(cs.body).toContain(check.slice(0, 30));
    expect(cs.body).toMatch(/- \[ \] .*workflow\\_run/); // the plan's warning for this repo becomes a check
    expect(cs.body).toMatch(/<details><summary>Evidence[^]*#### acme\/customer-portal[^]*Linked keys[^]*<\/details>/);
    for (const key of plan.keys) expect(cs.body).toContain(key);
    expect(cs.body.length).toBeLessThan(65_536);
  });

  it("is deterministic, and a changed file changes the plan hash and the marker", () => {
    const again = changeSetsOf(stages).changeSets;
    expect(again).toEqual(sets);
    const cs = byRepo("acme/billing-api");
    const edited = [{ ...cs.files[0]!, content: `${cs.files[0]!.content}# edited\n` }, ...cs.files.slice(1)];
    expect(planHashOf(edited)).not.toBe(cs.planHash);
    expect(planHashOf([...cs.files].reverse())).toBe(cs.planHash);
    expect(planHashOf(cs.files, [".github/workflows/old.yml"])).not.toBe(cs.planHash);
  });

  it("a ready repo whose workflows cannot be patched, and a blocked repo, are skipped with the reason", () => {
    const { skipped } = changeSetsOf(stages);
    expect(skipped.find((s) => s.repo === "acme/mobile-backend")?.reason).toMatch(/no workflow could be patched.*jwalton\/gh-ecr-login/);
    expect(skipped.find((s) => s.repo === "acme/orders-service")?.reason).toMatch(/^plan status blocked: /);
    expect(skipped.find((s) => s.repo === "acme/website-2019")?.reason).toMatch(/archived/);
  });

  it("selects like multi-gitter: owner/name or name, * wildcards, --exclude, --confidence; reports patterns that match nothing", () => {
    const pick = (selection: Selection) => changeSetsOf(stages, { selection });
    expect(pick({ repos: ["billing-api"] }).changeSets.map((c) => c.repo)).toEqual(["acme/billing-api"]);
    expect(pick({ repos: ["acme/chat-plugin-*"] }).changeSets.map((c) => c.repo)).toEqual(["acme/chat-plugin-github", "acme/chat-plugin-jira"]);
    expect(pick({ repos: ["chat-plugin-*"], exclude: ["*jira"] }).changeSets.map((c) => c.repo)).toEqual(["acme/chat-plugin-github"]);
    expect(pick({ repos: ["ACME/Billing-API"] }).changeSets).toHaveLength(1);
    const none = pick({ repos: ["billing-apo", "billing-api"] });
    expect(none.unmatched).toEqual(["billing-apo"]);
    expect(none.skipped).toEqual([]);

    const certain = pick({ confidence: "certain" });
    expect(certain.changeSets.length).toBeGreaterThan(0);
    expect(certain.changeSets.length).toBeLessThan(sets.length);
    for (const cs of certain.changeSets) expect(stages.audit.repos.find((r) => r.fullName === cs.repo)?.linkedKeys.some((k) => k.confidence === "certain")).toBe(true);
    const below = certain.skipped.find((s) => /confidence/.test(s.reason));
    expect(below?.reason).toMatch(/no link reaches certain confidence \(best: (high|medium|low|none)\)/);
  });

  it("labels, reviewers and draft go on every change set; without them the fields are absent", () => {
    const withPr = changeSetsOf(stages, { pr: { labels: ["security"], reviewers: ["acme/platform", "alice"], draft: true } }).changeSets;
    expect(withPr.every((c) => c.labels?.[0] === "security" && c.reviewers?.length === 2 && c.draft === true)).toBe(true);
    expect(sets.every((c) => c.labels === undefined && c.reviewers === undefined && c.draft === undefined)).toBe(true);
  });

  it("escapes outside text in the body: a hostile reason cannot mention anyone or inject HTML", () => {
    const cs = byRepo("acme/billing-api");
    const patches = stages.patches.map((p) =>
      p.repo === "acme/billing-api" ? { ...p, notPatched: [{ path: ".github/workflows/x.yml", reason: "ping @acme/security <img src=x onerror=alert(1)> see https://evil.example" }] } : p,
    );
    const body = changeSetsOf(stages, { patches }).changeSets.find((c) => c.repo === cs.repo)!.body;
    expect(body).toContain("@<!-- -->acme/security");
    expect(body).toContain("&lt;img src=x");
    expect(body).not.toContain("https://evil");
  });

  it("with --terraform-repo, each body says where the Terraform is", () => {
    const cs = changeSetsOf(stages, { terraform: { repo: "acme/infra", path: "keyless/" } }).changeSets[0]!;
    expect(cs.body).toMatch(/\(in `acme\/infra` under `keyless\/`\)/);
  });
});

describe("buildTerraformChangeSet", () => {
  it("puts the modules under the folder, marks the body as the Terraform PR, lists the repos that wait for it", () => {
    const tf = buildTerraformChangeSet({ plan: stages.plan, files: stages.terraform, repo: "acme/infra", baseBranch: "main", path: "/infra/keyless", repos: ["acme/api"] })!;
    expect(tf.branch).toBe(TERRAFORM_BRANCH);
    expect(tf.files.length).toBe(stages.terraform.length);
    expect(tf.files.every((f) => f.path.startsWith("infra/keyless/") && f.before === undefined)).toBe(true);
    expect(tf.files.map((f) => f.path)).toContain("infra/keyless/README.md");
    expect(readMarker(tf.body)).toEqual({ kind: "terraform", planHash: tf.planHash });
    expect(tf.body).toContain("`acme/api`");
    for (const a of stages.plan.accounts) expect(tf.body).toContain(`infra/keyless/${a.module}/`);
    expect(buildTerraformChangeSet({ plan: stages.plan, files: [], repo: "acme/infra", baseBranch: "main", path: "k", repos: [] })).toBeUndefined();
  });

  it("normalises the folder", () => {
    expect([terraformFolder("keyless"), terraformFolder("/keyless/"), terraformFolder(""), terraformFolder("/")]).toEqual(["keyless/", "keyless/", "", ""]);
  });
});

describe("hashes and markers", () => {
  it("computes git's blob id", () => {
    // `printf 'hello\n' | git hash-object --stdin`
    expect(gitBlobSha("hello\n")).toBe("ce013625030ba8dba906f756967f9e9ca394464a");
    expect(gitBlobSha("")).toBe("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
  });

  it("reads markers and commit trailers, and nothing else", () => {
    expect(readMarker("text\n<!-- keyless:terraform v1 plan:0123abcd -->")).toEqual({ kind: "terraform", planHash: "0123abcd" });
    expect(readMarker("<!-- keyless:migration v2 plan:0123abcd -->")).toBeUndefined();
    expect(readMarker(null)).toBeUndefined();
    expect(readCommitTrailer("Subject\n\nbody\n\nKeyless-Plan: 0123abcdef\n")).toBe("0123abcdef");
    expect(readCommitTrailer("Subject mentions Keyless-Plan: 0123abcdef inline")).toBeUndefined();
  });
});

describe("buildChangeSets edge cases", () => {
  it("a repo missing from the default-branch map is skipped, not guessed", () => {
    const result = buildChangeSets({ plan: stages.plan, audit: stages.audit, defaultBranches: new Map(), patches: stages.patches, selection: { repos: ["billing-api"] } });
    expect(result.changeSets).toEqual([]);
    expect(result.skipped).toEqual([{ repo: "acme/billing-api", reason: "its default branch is not in the inventory" }]);
  });
});
