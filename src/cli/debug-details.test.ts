import { RequestError } from "@octokit/request-error";
import { describe, expect, it } from "vitest";
import { debugDetails, redactText, redactUrl } from "./debug-details.js";

const TOKEN = "ghs_0123456789abcdefABCDEF";
const SESSION = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ";

describe("debugDetails", () => {
  it("reads an Octokit RequestError field by field: method, URL, status, request id, never its headers or body", () => {
    const error = new RequestError("Validation Failed", 422, {
      request: { method: "POST", url: `https://api.github.com/repos/a/b/git/trees?access_token=${TOKEN}`, headers: { authorization: `token ${TOKEN}` }, body: { content: "aws_secret_access_key=abcdEFGH1234abcdEFGH1234abcdEFGH12345678" } },
      response: { status: 422, url: "https://api.github.com/repos/a/b/git/trees", headers: { "x-github-request-id": "AB:CD", "x-amz-security-token": SESSION }, data: { echoed: TOKEN } },
    });
    const text = debugDetails(error, []);
    expect(text).toMatch(/^HttpError: Validation Failed\n {2}HTTP 422 · POST https:\/\/api\.github\.com\/repos\/a\/b\/git\/trees\?access_token=\[redacted\] · request id AB:CD/);
    expect(text).not.toContain(TOKEN.slice(4));
    expect(text).not.toContain(SESSION);
    expect(text).not.toContain("abcdEFGH1234");
  });

  it("follows causes, and redacts what this process holds and what looks like a credential in messages", () => {
    const aws = Object.assign(new Error(`signature mismatch\n'POST\n/\nx-amz-security-token:${SESSION}\nx-amz-date:20260101T000000Z'`), {
      name: "SignatureDoesNotMatch",
      $metadata: { httpStatusCode: 403, requestId: "req-1", attempts: 1 },
      $response: { statusCode: 403, headers: { authorization: "AWS4-HMAC-SHA256 Credential=x" }, body: "my-own-secret-value" },
    });
    const text = debugDetails(new Error("wrapped my-own-secret-value", { cause: aws }), ["my-own-secret-value"]);
    expect(text).toContain("caused by SignatureDoesNotMatch: signature mismatch");
    expect(text).toContain("x-amz-security-token:[redacted]");
    expect(text).toContain("x-amz-date:20260101T000000Z");
    expect(text).toContain("HTTP 403 · request id req-1 · attempts 1");
    expect(text).not.toMatch(/my-own-secret-value|IQoJ|AWS4-HMAC/);
  });

  it("keeps prose that merely mentions a token, and commit shas", () => {
    expect(redactText("The security token included in the request is invalid. Commit 0123456789abcdef0123456789abcdef01234567")).toBe(
      "The security token included in the request is invalid. Commit 0123456789abcdef0123456789abcdef01234567",
    );
    expect(redactText(`Authorization: Bearer ${TOKEN}x`)).toBe("Authorization: [redacted]");
    expect(redactUrl("http://user:pw@127.0.0.1:8/x?X-Amz-Signature=abc&page=2")).toBe("http://127.0.0.1:8/x?X-Amz-Signature=[redacted]&page=2");
  });

  it("survives a cause cycle and a thrown non-error", () => {
    const a = new Error("a") as Error & { cause?: unknown };
    a.cause = a;
    expect(debugDetails(a).split("\n")[0]).toBe("Error: a");
    expect(debugDetails("plain")).toBe("plain");
  });
});
