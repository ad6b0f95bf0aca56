// patchRepo migrates callers and callees together: a caller keeps passing keys unless its callee is
// migrated with it, and the patched repository is re-analysed as a whole.
import { describe, expect, it } from "vitest";
import { analyzeRepoWorkflows } from "../../analyze/workflows/index.js";
import { fixture, lines, patchMany, REPO } from "../../../test/support/generate/workflows.js";

const CALLER = ".github/workflows/train.yml";
const CALLEE = ".github/workflows/deploy.yml";

describe("patchRepo", () => {
  it("migrates a caller and its callee together and leaves no usage in the repository", () => {
    const result = patchMany({ [CALLER]: fixture("reusable-caller.before.yml"), [CALLEE]: fixture("reusable-callee.before.yml") });
    expect(result.notPatched).toEqual([]);
    const files = result.patches.map((p) => ({ path: p.path, text: p.after }));
    expect(files.map((f) => f.path).sort()).toEqual([CALLEE, CALLER]);
    expect(analyzeRepoWorkflows({ repo: REPO, files }).usages).toEqual([]);
    expect(result.patches.find((p) => p.path === CALLEE)?.reviewerChecks.join("\n")).toMatch(/every caller must grant `permissions: id-token: write` \(callers in this repository: \.github\/workflows\/train\.yml/);
  });

  it("keeps the caller passing keys when the callee cannot be migrated", () => {
    const callee = fixture("reusable-callee.before.yml").replace(
      "      - run: ./deploy.sh ${{ inputs.stage }}\n",
      "      - uses: someone/push-to-s3@v1\n        with:\n          access-key-id: ${{ secrets.DEPLOY_KEY_ID }}\n          secret-access-key: ${{ secrets.DEPLOY_SECRET }}\n",
    );
    const caller = fixture("reusable-caller.before.yml");
    const result = patchMany({ [CALLER]: caller, [CALLEE]: callee });
    expect(result.patches.find((p) => p.path === CALLER)).toBeUndefined();
    const reasons = result.notPatched.map((n) => n.reason).join("\n");
    expect(reasons).toMatch(/takes the keys as inputs/);
    expect(reasons).toMatch(/cannot be migrated|goes with/);
  });

  it("leaves a caller of a workflow in another repository alone", () => {
    const text = lines(
      "on: push",
      "jobs:",
      "  deploy:",
      "    uses: other-org/pipelines/.github/workflows/deploy.yml@main",
      "    secrets:",
      "      AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}",
      "      AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}",
    );
    const result = patchMany({ [CALLER]: text });
    expect(result.patches).toEqual([]);
    expect(result.notPatched).toEqual([expect.objectContaining({ reason: expect.stringMatching(/is not among the files given: migrate it first/) })]);
  });
});
