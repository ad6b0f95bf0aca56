import { describe, expect, it } from "vitest";
import { parsePolicy, wildcardMatch } from "./policy-document.js";

describe("policy documents", () => {
  it("reads Statement as object or array, values as string or array, conditions by lower-cased key", () => {
    const [s] = parsePolicy(JSON.stringify({ Statement: { Sid: "A", Effect: "Allow", Action: "s3:GetObject", Resource: ["a", "b"], Condition: { StringLike: { "Host:SUB": "x" } } } })) ?? [];
    expect(s).toMatchObject({ sid: "A", effect: "Allow", actions: ["s3:GetObject"], resources: ["a", "b"] });
    expect(s?.conditions.get("StringLike")?.get("host:sub")).toEqual(["x"]);
  });

  it("never throws on what is not a policy", () => {
    for (const text of ["", "null", "[]", "42", '"x"', "{", '{"Statement": "x"}', '{"Statement": [null, 1, {"Effect": "Allow", "Action": 5, "Condition": []}]}', "%7B%"]) {
      expect(() => parsePolicy(text), text).not.toThrow();
    }
    expect(parsePolicy("{")).toBeUndefined();
    expect(parsePolicy('{"Statement": [null, {"Effect": "Allow", "Action": 5}]}')?.map((s) => s.actions)).toEqual([[]]);
  });

  it("matches IAM wildcards case-insensitively, with regex characters taken literally", () => {
    expect(wildcardMatch("iam:Put*", "iam:PutUserPolicy")).toBe(true);
    expect(wildcardMatch("IAM:?ttachUserPolicy", "iam:AttachUserPolicy")).toBe(true);
    expect(wildcardMatch("repo:a.b/*", "repo:aXb/c")).toBe(false);
    expect(wildcardMatch("repo:(x)/*", "repo:(x)/y")).toBe(true);
  });
});
