// Where literal secret keys sit in a file, found by the name they are given (never by shape alone:
// a commit SHA is 40 characters too), and the same text redacted for diffs and logs.
import { describe, expect, it } from "vitest";
import { isMasked, literalSecretSpans, maskSecrets, redactSecrets } from "./literal-secrets.js";

const SECRET = "Zq3xV9mT2bR8nK4pL7wY1sD6fH0jC5gA/e+Qu8Xo"; // shaped like one; not real

describe("literal secrets", () => {
  it("finds a secret given to a secret's name in shell, YAML, a credentials file, or right after a key id", () => {
    for (const line of [
      `aws configure set aws_secret_access_key ${SECRET}`,
      `aws configure set default.aws_secret_access_key "${SECRET}"`,
      `export AWS_SECRET_ACCESS_KEY=${SECRET}`,
      `AWS_SECRET_ACCESS_KEY: '${SECRET}'`,
      `aws_secret_access_key = ${SECRET}`,
      `sls config credentials --provider aws --key AKIAZZZZZZZZZZZZZZZZ --secret ${SECRET}`,
      `echo "AKIAZZZZZZZZZZZZZZZZ:${SECRET}" > creds`,
    ]) {
      expect(redactSecrets(line), line).not.toContain(SECRET);
      expect(redactSecrets(line), line).toContain("****");
    }
  });

  it("leaves expressions, shell variables, commit SHAs and unnamed strings alone", () => {
    for (const line of [
      "aws configure set aws_secret_access_key ${{ secrets.SECRET }}",
      'AWS_SECRET_ACCESS_KEY="$SECRET"',
      "uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683",
      `cache-key: ${SECRET}`,
      "AWS_SECRET_ACCESS_KEY: 0123456789abcdef0123456789abcdef01234567",
    ]) {
      expect(literalSecretSpans(line), line).toEqual([]);
    }
  });

  it("masks a secret in place: same length and lines, still found where it was, recognisable as a mask", () => {
    const token = "IQoJb3JpZ2luX2VjE" + "Ab1/Cd2+Ef3Gh4".repeat(12);
    const text = `env:\n  AWS_SECRET_ACCESS_KEY: ${SECRET}\nrun: export AWS_SESSION_TOKEN=${token}\n`;
    const masked = maskSecrets(text);
    expect(masked).not.toContain(SECRET);
    expect(masked).not.toContain(token.slice(20, 60));
    expect(masked.length).toBe(text.length);
    expect(masked.split("\n").map((l) => l.length)).toEqual(text.split("\n").map((l) => l.length));
    const spans = literalSecretSpans(masked);
    expect(spans).toEqual(literalSecretSpans(text));
    expect(spans.every((s) => isMasked(masked.slice(s.offset, s.end)))).toBe(true);
    expect(maskSecrets(masked)).toBe(masked);
    expect(isMasked(SECRET)).toBe(false);
  });
});
