import { describe, expect, it } from "vitest";
import { cacWorkflow, find, inventory, key, kid, link, orgSecret, repo, secret } from "../../../test/support/analyze/links-fixtures.js";

const K = kid("org");
const CREATED = "2026-06-01T10:00:00Z";
const WRITTEN = "2026-06-01T11:00:00Z";
const orgWorkflow = { ".github/workflows/deploy.yml": cacWorkflow("ORG_AWS_ACCESS_KEY_ID", "ORG_AWS_SECRET_ACCESS_KEY") };
const orgRepo = (name: string, visibility = "private") => repo(name, { files: orgWorkflow, visibility });
const linkedRepos = (r: ReturnType<typeof link>) => r.links.filter((l) => l.accessKeyId === K).map((l) => l.repo).sort();

describe("organization secrets", () => {
  it("reach every repo that can see them and uses them: visibility all", () => {
    const repos = [orgRepo("a"), orgRepo("b", "public"), repo("c")];
    const r = link(inventory({ keys: [key(K, { createDate: CREATED })], repos, orgSecrets: [orgSecret("ORG_AWS_ACCESS_KEY_ID", "all", WRITTEN), orgSecret("ORG_AWS_SECRET_ACCESS_KEY", "all", WRITTEN)] }));
    // c sees the secret but its workflow reads AWS_ACCESS_KEY_ID, not the organization secret.
    expect(linkedRepos(r)).toEqual(["acme/a", "acme/b"]);
    expect(find(r, K, "a")).toMatchObject({ confidence: "medium", scope: "organization", secretNames: ["ORG_AWS_ACCESS_KEY_ID", "ORG_AWS_SECRET_ACCESS_KEY"] });
  });

  it("private visibility skips public repos; selected reaches only the listed ones", () => {
    const repos = [orgRepo("a"), orgRepo("b", "public"), orgRepo("c", "internal")];
    const priv = link(inventory({ keys: [key(K, { createDate: CREATED })], repos, orgSecrets: [orgSecret("ORG_AWS_ACCESS_KEY_ID", "private", WRITTEN)] }));
    expect(linkedRepos(priv)).toEqual(["acme/a", "acme/c"]);
    const selected = link(inventory({ keys: [key(K, { createDate: CREATED })], repos, orgSecrets: [orgSecret("ORG_AWS_ACCESS_KEY_ID", "selected", WRITTEN, ["acme/b"])] }));
    expect(linkedRepos(selected)).toEqual(["acme/b"]);
  });

  it("is shadowed by a repo secret of the same name", () => {
    const shadowing = repo("a", { files: orgWorkflow, secrets: [secret("ORG_AWS_ACCESS_KEY_ID", "2025-01-01T00:00:00Z")] });
    const r = link(inventory({ keys: [key(K, { createDate: CREATED })], repos: [shadowing, orgRepo("b")], orgSecrets: [orgSecret("ORG_AWS_ACCESS_KEY_ID", "all", WRITTEN)] }));
    expect(linkedRepos(r)).toEqual(["acme/b"]);
  });
});

describe("unlinked secrets", () => {
  it("lists secrets read as key ids that no key was linked to, and unused ones named like key ids", () => {
    const app = repo("app", {
      secrets: [secret("AWS_ACCESS_KEY_ID", "2025-01-01T00:00:00Z"), secret("OLD_DEPLOY_KEY_ID", "2025-01-01T00:00:00Z"), secret("NPM_TOKEN", "2025-01-01T00:00:00Z")],
    });
    const r = link(inventory({ keys: [key(K, { createDate: CREATED })], repos: [app, orgRepo("b")], orgSecrets: [orgSecret("ORG_AWS_ACCESS_KEY_ID", "all", "2025-01-01T00:00:00Z")] }));
    expect(r.unlinkedSecrets).toEqual([
      { name: "ORG_AWS_ACCESS_KEY_ID", scope: "organization" },
      { repo: "acme/app", name: "AWS_ACCESS_KEY_ID", scope: "repo" },
      { repo: "acme/app", name: "OLD_DEPLOY_KEY_ID", scope: "repo" },
    ]);
  });

  it("does not list a secret a linked key sits in, nor an unused key-id-looking secret a workflow mentions for something else", () => {
    const other = "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./publish --id ${{ secrets.STORE_KEY_ID }}\n";
    const app = repo("app", {
      files: { ".github/workflows/deploy.yml": cacWorkflow(), ".github/workflows/store.yml": other },
      secrets: [secret("AWS_ACCESS_KEY_ID", WRITTEN), secret("AWS_SECRET_ACCESS_KEY", WRITTEN), secret("STORE_KEY_ID", "2025-01-01T00:00:00Z")],
    });
    const r = link(inventory({ keys: [key(K, { createDate: CREATED })], repos: [app] }));
    expect(find(r, K, "app")?.confidence).toBe("medium");
    expect(r.unlinkedSecrets).toEqual([]);
  });
});
