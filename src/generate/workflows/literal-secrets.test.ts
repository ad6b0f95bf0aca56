// A secret key written into a workflow: the job is not called migrated while it is there, and no
// diff shows it (the patch itself is still made against the exact bytes).
import { describe, expect, it } from "vitest";
import { lines, patchOne } from "../../../test/support/generate/workflows.js";

// Shaped like a secret access key; not a real one.
const SECRET = "Zq3xV9mT2bR8nK4pL7wY1sD6fH0jC5gA/e+Qu8Xo";

const job = (...script: string[]) =>
  lines("on: push", "jobs:", "  deploy:", "    runs-on: ubuntu-latest", "    env:", "      AWS_REGION: eu-west-1", "    steps:", "      - run: |", ...script.map((l) => `          ${l}`), "      - run: aws s3 ls");

describe("literal secrets in run scripts", () => {
  it("deletes the `aws configure set aws_secret_access_key <literal>` line with the key id's, and no diff or sentence shows the secret", () => {
    const result = patchOne(job("aws configure set aws_access_key_id ${{ secrets.ID }}", `aws configure set aws_secret_access_key ${SECRET}`, "aws configure set region eu-west-1", "./deploy.sh"));
    const patch = result.patch;
    expect(patch, result.notPatched.map((n) => n.reason).join("; ")).toBeDefined();
    expect(patch?.after).not.toContain(SECRET);
    expect(patch?.after).toContain("aws configure set region eu-west-1");
    expect(patch?.diff).not.toContain(SECRET);
    expect(patch?.diff).toContain("-          aws configure set aws_secret_access_key ****");
    expect([...(patch?.changes ?? []), ...(patch?.reviewerChecks ?? [])].join("\n")).not.toContain(SECRET);
  });

  it("does not call a job migrated while a literal secret is left in it", () => {
    const text = job("aws configure set aws_access_key_id ${{ secrets.ID }}", "aws configure set aws_secret_access_key ${{ secrets.SECRET }}", "./deploy.sh").replace("      - run: aws s3 ls", `      # old: aws_secret_access_key = ${SECRET}\n      - run: aws s3 ls`);
    const result = patchOne(text);
    expect(result.patch).toBeUndefined();
    const reasons = result.notPatched.map((n) => n.reason).join("; ");
    expect(reasons).toMatch(/literal secret key is still written in the file \(line 12\)/);
    expect(reasons).not.toContain(SECRET);
  });
});
