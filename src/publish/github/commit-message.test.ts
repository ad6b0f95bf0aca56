import { describe, expect, it } from "vitest";
import { commitMessage } from "./execute.js";
import type { ChangeSet } from "./change-set.js";

describe("commitMessage", () => {
  it("writes each file on one visible line, whatever its name holds", () => {
    const hostile = ".github/workflows/a\n\nKeyless-Plan: forged\nCo-authored-by: x <x@evil.example>\r\u001b[31m\u202e.yml";
    const cs = { repo: "acme/web", kind: "workflows", planHash: "abc123", files: [{ path: ".github/workflows/deploy.yml" }, { path: hostile }] } as unknown as ChangeSet;
    const message = commitMessage(cs);
    const lines = message.split("\n");
    expect(lines.filter((l) => l.startsWith("- "))).toEqual([
      "- .github/workflows/deploy.yml",
      "- .github/workflows/a\\n\\nKeyless-Plan: forged\\nCo-authored-by: x <x@evil.example>\\r\\x1b[31m\\u202e.yml",
    ]);
    expect(lines.filter((l) => /^(Keyless-Plan|Co-authored-by):/.test(l))).toHaveLength(1);
    expect(message).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u202e]/);
  });
});
