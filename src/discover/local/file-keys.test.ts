import { describe, expect, it } from "vitest";
import { keysInText, wantedFile } from "./file-keys.js";

const SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLEKY";

describe("which repository files are read for keys", () => {
  it.each([".env", ".env.production", "deploy/prod.env", "infra/prod.tfvars", "infra/x.auto.tfvars", "infra/vars.tfvars.json", "config/app.yml", "services/api/config/db/prod.yaml", "app.properties", "setup.cfg", "credentials", "docker-compose.override.yml", "scripts/deploy.sh"])("reads %s", (path) => {
    expect(wantedFile(path)).toBe(true);
  });
  it.each([".github/workflows/deploy.yml", ".github/actions/x/action.yml", "src/main.ts", "README.md", "package.json", "envoy.yaml", "configs.yml", "image.png"])("does not read %s", (path) => {
    expect(wantedFile(path)).toBe(false);
  });
});

describe("where keys sit in a file's text", () => {
  it("finds a key id and a named secret by line and column, never returning the value", () => {
    const text = ["# deploy", "AWS_ACCESS_KEY_ID=AKIAZZZZZZZZZZZZZZZ2", `AWS_SECRET_ACCESS_KEY=${SECRET}`, ""].join("\n");
    const found = keysInText(".env", text);
    expect(found).toEqual([
      { path: ".env", line: 2, column: 19, kind: "access-key-id", accessKeyId: "AKIAZZZZZZZZZZZZZZZ2" },
      { path: ".env", line: 3, column: 23, kind: "secret-access-key" },
    ]);
    expect(JSON.stringify(found)).not.toContain(SECRET);
  });

  it("YAML and Terraform spellings; AWS's example id, temporary ids, SHAs and session tokens are not keys", () => {
    const yaml = ["aws:", `  secret_access_key: "${SECRET}"`, "  example: AKIAIOSFODNN7EXAMPLE", "  temp: ASIAZZZZZZZZZZZZZZZ2", `  sha: ${"a1".repeat(20)}`, `  session_token: ${"Q".repeat(300)}`].join("\n");
    expect(keysInText("config/app.yml", yaml)).toEqual([{ path: "config/app.yml", line: 2, column: 23, kind: "secret-access-key" }]);
    const tfvars = `aws_access_key = "AKIAZZZZZZZZZZZZZZZ3"\naws_secret_access_key = "${SECRET}"\n`;
    expect(keysInText("prod.tfvars", tfvars).map((k) => [k.line, k.kind])).toEqual([[1, "access-key-id"], [2, "secret-access-key"]]);
  });
});
