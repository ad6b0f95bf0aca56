// A patch made from a masked text is applied to the real file's bytes: kept lines come from the real
// file (CRLF, the secret's neighbours), a file that changed or a kept secret is refused.
import { describe, expect, it } from "vitest";
import { maskSecrets } from "../../core/literal-secrets.js";
import { exactAfter } from "./exact-bytes.js";

const SECRET = "Zq3xV9mT2bR8nK4pL7wY1sD6fH0jC5gA/e+Qu8Xo"; // shaped like one; not real
const REAL = ["on: push\r\n", "env:\r\n", "  AWS_ACCESS_KEY_ID: AKIAZZZZZZZZZZZZZZZ2\r\n", `  AWS_SECRET_ACCESS_KEY: ${SECRET}\r\n`, "  KEEP: é\r\n"].join("");
const MASKED = maskSecrets(REAL);

describe("exactAfter", () => {
  it("applies the masked text's edit to the real bytes", () => {
    expect(MASKED).not.toContain(SECRET);
    expect(MASKED.length).toBe(REAL.length);
    const after = MASKED.replace(/ {2}AWS_ACCESS_KEY_ID.*\r\n {2}AWS_SECRET_ACCESS_KEY.*\r\n/, "  ROLE: x\r\n");
    expect(exactAfter("acme/app: f.yml", MASKED, after, REAL)).toBe("on: push\r\nenv:\r\n  ROLE: x\r\n  KEEP: é\r\n");
  });

  it("refuses a file that changed since the scan, and a patch that keeps the secret", () => {
    const after = MASKED.replace("KEEP", "KEPT");
    expect(() => exactAfter("f", MASKED, after, REAL.replace("é", "e"))).toThrow(/changed since the scan/);
    expect(() => exactAfter("f", MASKED, after, REAL)).toThrow(/would keep a secret access key/);
    try {
      exactAfter("f", MASKED, after, REAL);
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(SECRET);
    }
  });
});

describe("a masked file on the base branch", () => {
  it("counts as unchanged while the base holds the blob the scan saw, and as changed once it moved", async () => {
    const { driftedFiles } = await import("./tree-diff.js");
    const { gitBlobSha } = await import("./hash.js");
    const file = { path: "f.yml", content: "x", before: MASKED, maskedSha: gitBlobSha(REAL) };
    expect(driftedFiles({ files: [file] }, new Map([["f.yml", { mode: "100644", sha: gitBlobSha(REAL) }]]))).toEqual([]);
    expect(driftedFiles({ files: [file] }, new Map([["f.yml", { mode: "100644", sha: gitBlobSha(`${REAL}# edit\n`) }]]))).toEqual(["f.yml"]);
  });
});
