// plan.md: blockers first, the steps in order, per repository the roles, subjects and workflow
// changes; names from outside cannot break the markdown.
import { marked } from "marked";
import { describe, expect, it } from "vitest";
import { renderPlanMarkdown } from "./index.js";
import { code, fenced, text } from "./markdown.js";
import { acmeFixture, planOf, planSmall, PROD, smallInventory, smallRepo, workflow } from "../../test/support/plan.js";

describe("renderPlanMarkdown", () => {
  it("shows blockers, ordered steps, and per repository its roles, trusted subjects and workflow changes", () => {
    const plan = planOf(acmeFixture());
    const md = renderPlanMarkdown(plan);
    expect(md.indexOf("## Blockers")).toBeLessThan(md.indexOf("## Steps"));
    expect(md).toContain("`UnknownTargetAccount` `acme/orders-service`");
    expect(md).toMatch(/^1\. \*\*apply-terraform\*\* Apply the Terraform in tooling-\d+\//m);
    const billing = md.slice(md.indexOf("### acme/billing-api"), md.indexOf("### ", md.indexOf("### acme/billing-api") + 4));
    expect(billing).toContain("trusts `repo:acme/billing-api:environment:production` (StringEquals)");
    expect(billing).toContain("| `.github/workflows/release.yml` | `production` |");
    expect(billing).toMatch(/^- Step \d+: Merge the workflow pull request of acme\/billing-api\. Before: The roles exist: .* Undo: Revert the pull request/m);
    expect(billing).toMatch(/^- Step \d+: Deactivate access key AKIA\w+ .* Undo: Reactivate it: aws iam update-access-key/m);
    expect(md).toContain("keep-used-outside-github");
    // checkout-service deploys from release/*: the plan says which deeper refs the trust keeps out.
    expect(md).toContain("trusts `repo:acme/checkout-service:ref:refs/heads/release/*` (StringLike, except `repo:acme/checkout-service:ref:refs/heads/release/*/*` (StringNotLike: in the filter * stops at '/'))");
    expect(renderPlanMarkdown(plan)).toBe(md);
  });

  it("keeps hostile names inside code spans and escaped text", () => {
    expect(code("a`b|c\nd")).toBe("``a`b\\|c d``");
    expect(text("*x* [y](z) <b> # | `")).toBe("\\*x\\* \\[y\\](z) &lt;b&gt; # &#124; \\`");
    // No link, image or mention from a name, bare URLs included (GitHub autolinks them).
    const hostile = "Deploy [approve migration](//evil.example/login) ![x](//evil.example/p.png) https://evil.example www.evil.example @admins";
    expect(marked.parse(`- ${text(hostile)}`, { gfm: true, async: false })).not.toMatch(/<a |<img /);
    const env = "prod` | <script>\n# x";
    const inventory = smallInventory({ repos: [smallRepo("api", { ".github/workflows/deploy.yml": workflow(["push:", "  branches: [main]"], [`environment: ${JSON.stringify(env)}`]) }, { environments: [env] })], users: [{ accountId: PROD, userName: "ci", keyId: "AKIAPRODKEYAAAAAAAAA" }] });
    const md = renderPlanMarkdown(planSmall(inventory, {}, [{ accessKeyId: "AKIAPRODKEYAAAAAAAAA", repo: "acme/api" }]));
    expect(md).not.toContain("<script>\n");
    expect(md).not.toMatch(/^# x/m);
    expect(md).toContain("``repo:acme/api:environment:prod` \\| <script> # x``");
  });
});

describe("fenced", () => {
  it("outlasts any backtick run in the body", () => {
    expect(fenced("json", '{"a":"```"}')).toEqual(["````json", '{"a":"```"}', "````"]);
    expect(fenced("json", "{}")).toEqual(["```json", "{}", "```"]);
  });
});
