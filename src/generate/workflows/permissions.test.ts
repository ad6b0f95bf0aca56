// `id-token: write` for migrated jobs: never more than that on an existing block, a job-level copy
// when other jobs share the workflow block, and a new block with what the job visibly needs.
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { afterOf, lines, patchOne } from "../../../test/support/generate/workflows.js";

type Doc = { permissions?: unknown; jobs: Record<string, { permissions?: unknown }> };

const cacJob = (name: string, ...extra: string[]) => [
  `  ${name}:`,
  "    runs-on: ubuntu-latest",
  ...extra,
  "    steps:",
  "      - uses: aws-actions/configure-aws-credentials@v6",
  "        with:",
  "          aws-access-key-id: ${{ secrets.ID }}",
  "          aws-secret-access-key: ${{ secrets.SECRET }}",
  "          aws-region: us-east-1",
];

describe("permissions", () => {
  it("adds only id-token: write to the workflow block when every job inheriting it is migrated", () => {
    const text = lines("on: push", "permissions:", "  contents: read # checkout", "  packages: read", "jobs:", ...cacJob("a"), ...cacJob("b"));
    const doc = parse(afterOf(patchOne(text))) as Doc;
    expect(doc.permissions).toEqual({ contents: "read", packages: "read", "id-token": "write" });
    expect(doc.jobs.a?.permissions).toBeUndefined();
    expect(afterOf(patchOne(text))).toContain("  contents: read # checkout\n");
  });

  it("gives a migrated job its own copy when another job shares the workflow block", () => {
    const text = lines("on: push", "permissions:", "  contents: read", "  issues: write", "jobs:", ...cacJob("a"), "  other:", "    runs-on: ubuntu-latest", "    steps:", "      - run: echo hi");
    const doc = parse(afterOf(patchOne(text))) as Doc;
    expect(doc.permissions).toEqual({ contents: "read", issues: "write" });
    expect(doc.jobs.a?.permissions).toEqual({ contents: "read", issues: "write", "id-token": "write" });
    expect(doc.jobs.other?.permissions).toBeUndefined();
  });

  it("never widens a job block beyond id-token, and fixes id-token: none", () => {
    const text = lines("on: push", "jobs:", ...cacJob("a", "    permissions:", "      contents: none", "      id-token: none"));
    expect((parse(afterOf(patchOne(text))) as Doc).jobs.a?.permissions).toEqual({ contents: "none", "id-token": "write" });
  });

  it("leaves write-all alone and turns {} into id-token only", () => {
    const text = lines("on: push", "jobs:", ...cacJob("a", "    permissions: write-all"), ...cacJob("b", "    permissions: {}"));
    const doc = parse(afterOf(patchOne(text))) as Doc;
    expect(doc.jobs.a?.permissions).toBe("write-all");
    expect(doc.jobs.b?.permissions).toEqual({ "id-token": "write" });
  });

  it("spells out read-all with id-token: write and says what was left out", () => {
    const text = lines("on: push", "permissions: read-all", "jobs:", ...cacJob("a"));
    const result = patchOne(text);
    const doc = parse(afterOf(result)) as Doc;
    const scopes = doc.permissions as Record<string, string>;
    expect(scopes["id-token"]).toBe("write");
    expect(Object.entries(scopes).filter(([k]) => k !== "id-token").every(([, v]) => v === "read")).toBe(true);
    expect(scopes.contents).toBe("read");
    expect(result.patch?.reviewerChecks.join("\n")).toMatch(/read-all.*spelled out/);
  });

  it("declares what known actions in a job with the default permissions document, and asks the reviewer to confirm", () => {
    const text = lines(
      "on: push",
      "jobs:",
      ...cacJob("release"),
      "      - uses: actions/checkout@v4",
      "      - uses: softprops/action-gh-release@v2",
      "      - uses: docker/login-action@v3",
      "        with:",
      "          registry: ghcr.io",
    );
    const result = patchOne(text);
    expect((parse(afterOf(result)) as Doc).jobs.release?.permissions).toEqual({ contents: "write", "id-token": "write", packages: "write" });
    const checks = result.patch?.reviewerChecks.join("\n") ?? "";
    expect(checks).toMatch(/default permissions; declaring a block drops every scope not listed/);
    expect(checks).toMatch(/softprops\/action-gh-release at line 12/);
  });

  it("never grants a write scope from shell text: words in comments grant nothing", () => {
    const text = lines("on: push", "jobs:", ...cacJob("deploy"), "      - run: |", "          # later: git push --tags && gh pr merge 1", "          # gh release create v1", "          aws s3 sync ./site s3://bucket");
    const result = patchOne(text);
    expect((parse(afterOf(result)) as Doc).jobs.deploy?.permissions).toEqual({ contents: "read", "id-token": "write" });
  });

  it("leaves the permissions of a job that may use the token in ways it cannot verify, and says so in the checklist", () => {
    for (const script of ["docker pull ghcr.io/acme/tool:1 && ./tool", "gh release create v1 dist/* && git push origin v1"]) {
      const text = lines("on: push", "jobs:", ...cacJob("deploy"), `      - run: ${script}`, "        env:", "          GH_TOKEN: ${{ github.token }}");
      const result = patchOne(text);
      const doc = parse(afterOf(result)) as Doc;
      expect(doc.permissions, script).toBeUndefined();
      expect(doc.jobs.deploy?.permissions, script).toBeUndefined();
      const checks = result.patch?.reviewerChecks.join("\n") ?? "";
      expect(checks, script).toMatch(/job `deploy` has the token's default permissions and needs `id-token: write`.*keyless did not add one.*Before merging, add a block/);
      expect(checks, script).toMatch(/at line 11/);
      expect(result.patch?.changes.join("\n"), script).toMatch(/permissions left as they were/);
    }
  });

  it("gives a job calling a reusable workflow id-token: write (a callee gets no more than its caller)", () => {
    const caller = lines("on: push", "jobs:", "  call:", "    uses: ./.github/workflows/deploy.yml", "    secrets: inherit");
    const callee = lines(
      "on:",
      "  workflow_call:",
      "jobs:",
      "  deploy:",
      "    runs-on: ubuntu-latest",
      "    permissions:",
      "      contents: read",
      "      deployments: write",
      "    steps:",
      "      - uses: aws-actions/configure-aws-credentials@v6",
      "        with:",
      "          aws-access-key-id: ${{ secrets.ID }}",
      "          aws-secret-access-key: ${{ secrets.SECRET }}",
      "          aws-region: us-east-1",
    );
    return import("../../../test/support/generate/workflows.js").then(({ patchMany }) => {
      const result = patchMany({ ".github/workflows/main.yml": caller, ".github/workflows/deploy.yml": callee });
      expect(result.notPatched).toEqual([]);
      const after = result.patches.find((p) => p.path === ".github/workflows/main.yml")?.after ?? "";
      expect((parse(after) as Doc).jobs.call?.permissions).toEqual({ contents: "read", deployments: "write", "id-token": "write" });
      expect(after).toContain("    secrets: inherit\n");
    });
  });
});
