// The pull request body keyless writes: names taken from a hostile workflow (step names, job ids)
// render as plain text on GitHub — no link, image, mention or HTML — through a real Markdown renderer.
import { marked } from "marked";
import { parse } from "parse5";
import { describe, expect, it } from "vitest";
import { analyzeRepoWorkflows } from "../../analyze/workflows/index.js";
import { patchWorkflowFile, sameRolesForAll } from "../../generate/workflows/index.js";
import { elements, textOf } from "../../../test/support/report/dom.js";
import { renderMigrationBody } from "./pr-body.js";
import { acmeStages } from "../../../test/support/publish/github.js";

const HOSTILE = "Deploy [approve migration](//evil.example/login) ![x](//evil.example/p.png) @admins <img src=x> \u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007 \u202eevil";

function hostilePatch() {
  const path = ".github/workflows/deploy.yml";
  const text = [
    "on: push",
    "jobs:",
    "  ship:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - uses: actions/checkout@v4",
    `      - name: ${JSON.stringify(HOSTILE)}`,
    "        run: aws s3 sync ./site s3://bucket && gh pr comment 1 --body done",
    "        env:",
    "          GH_TOKEN: ${{ github.token }}",
    "          AWS_ACCESS_KEY_ID: ${{ secrets.ID }}",
    "          AWS_SECRET_ACCESS_KEY: ${{ secrets.SECRET }}",
    "          AWS_REGION: eu-west-1",
    "",
  ].join("\n");
  const analysis = analyzeRepoWorkflows({ repo: "acme/web", files: [{ path, text }] });
  const result = patchWorkflowFile({ repo: "acme/web", path, text, analysis, roles: sameRolesForAll({ entryRoleArn: "arn:aws:iam::111122223333:role/entry" }) });
  if (!result.patch) throw new Error(result.notPatched.map((n) => n.reason).join("; "));
  return result.patch;
}

describe("the migration pull request body", () => {
  it("renders a hostile step name as text: no link, image, mention, HTML or escape byte", () => {
    const { stages } = acmeStages();
    const repo = stages.plan.repos.find((r) => r.status === "ready")!;
    const patch = hostilePatch();
    // The name reaches the body through keyless's own sentences (the change list and the checklist).
    expect([...patch.changes, ...patch.reviewerChecks].join("\n")).toContain("approve migration");
    const body = renderMigrationBody({ plan: stages.plan, audit: stages.audit, repo, patches: [patch], notPatched: [], planHash: "abc1234" });
    const dom = parse(marked.parse(body, { gfm: true, async: false }));
    expect(elements(dom).filter((e) => ["a", "img"].includes(e.tagName)).map((e) => e.attrs)).toEqual([]);
    const shown = textOf(dom);
    // The name is shown as itself, with its control characters spelled out instead of sent.
    expect(shown).toContain('"Deploy [approve migration](//evil.example/login) ![x](//evil.example/p.png) @admins <img src=x> \\x1b]8;;https://evil.example\\x07click');
    expect(shown).not.toMatch(/[\u001b\u0007\u202e]/);
    expect(elements(dom).some((e) => e.tagName === "input")).toBe(true);
  });
});
