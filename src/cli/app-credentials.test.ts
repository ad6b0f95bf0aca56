// GitHub App credentials from the environment: a key file or the PEM itself, checked before any
// request, and held so that no log, JSON or inspection shows it.
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { appCredentials } from "./app-credentials.js";
import { githubConnection } from "./connections.js";

const { privateKey: pem } = generateKeyPairSync("rsa", { modulusLength: 2048, privateKeyEncoding: { type: "pkcs1", format: "pem" }, publicKeyEncoding: { type: "spki", format: "pem" } });
const body = pem.split("\n")[5] as string;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe("GitHub App credentials", () => {
  it("reads the key from a file, or from the variable itself (with \\n escapes, as in a .env file)", () => {
    const dir = mkdtempSync(join(tmpdir(), "keyless-app-cred-"));
    writeFileSync(join(dir, "app.pem"), pem, { mode: 0o600 });
    const fromFile = appCredentials({ GITHUB_APP_ID: "12", GITHUB_APP_PRIVATE_KEY: join(dir, "app.pem") }, "acme");
    expect(fromFile).toMatchObject({ appId: "12", org: "acme" });
    expect(fromFile?.privateKey.reveal()).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const inline = appCredentials({ GITHUB_APP_ID: "12", GITHUB_APP_PRIVATE_KEY: pem.replace(/\n/g, "\\n"), GITHUB_APP_INSTALLATION_ID: "77" });
    expect(inline?.installationId).toBe(77);
    expect(inline?.privateKey.reveal()).toBe(fromFile?.privateKey.reveal());
  });

  it("is preferred to a token, and never shows the key when the connection is printed", () => {
    const connection = githubConnection({ GITHUB_TOKEN: "ghp_x", GITHUB_APP_ID: "12", GITHUB_APP_PRIVATE_KEY: pem }, "acme");
    expect(connection.token).toBeUndefined();
    expect(connection.app?.appId).toBe("12");
    const normalized = connection.app?.privateKey.reveal().split("\n")[3] as string;
    for (const shown of [JSON.stringify(connection), inspect(connection, { depth: 10 }), String(connection.app?.privateKey)]) {
      expect(shown).not.toContain(body);
      expect(shown).not.toContain(normalized);
    }
  });

  it("says what is wrong: half a configuration, a bad id, a bad installation id, no PEM", () => {
    expect(appCredentials({})).toBeUndefined();
    expect(codeOf(() => appCredentials({ GITHUB_APP_ID: "12" }))).toBe("GithubAppIncomplete");
    expect(codeOf(() => appCredentials({ GITHUB_APP_PRIVATE_KEY: pem }))).toBe("GithubAppIncomplete");
    expect(codeOf(() => appCredentials({ GITHUB_APP_ID: "my app", GITHUB_APP_PRIVATE_KEY: pem }))).toBe("GithubAppIdInvalid");
    expect(codeOf(() => appCredentials({ GITHUB_APP_ID: "12", GITHUB_APP_PRIVATE_KEY: pem, GITHUB_APP_INSTALLATION_ID: "x" }))).toBe("GithubAppInstallationInvalid");
    expect(codeOf(() => appCredentials({ GITHUB_APP_ID: "12", GITHUB_APP_PRIVATE_KEY: "-----BEGIN RSA PRIVATE KEY-----\nnot base64\n-----END RSA PRIVATE KEY-----" }))).toBe("GithubAppKeyInvalid");
    expect(codeOf(() => appCredentials({ GITHUB_APP_ID: "12", GITHUB_APP_PRIVATE_KEY: "/nonexistent/app.pem" }))).toBe("GithubAppKeyUnreadable");
  });
});
