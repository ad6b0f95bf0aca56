import { describe, expect, it } from "vitest";
import type { GithubClient } from "../../discover/github/client.js";
import type { SecretTarget } from "../../verify/index.js";
import { appPermissionsFor, preflightSecretDeletes } from "./retire-preflight.js";

const targets: SecretTarget[] = [
  { scope: "repo", repo: "acme/api", name: "AWS_ACCESS_KEY_ID" },
  { scope: "environment", repo: "acme/api", environment: "prod", name: "K" },
  { scope: "organization", org: "acme", name: "ORG_KEY" },
  { scope: "repo", repo: "acme/api", name: "D", store: "dependabot" },
  { scope: "organization", org: "acme", name: "OD", store: "dependabot" },
  { scope: "repo", repo: "acme/api", name: "C", store: "codespaces" },
];

/** A client authenticated as an installation with these permissions (what auth-app hands out). */
function appClient(permissions: Record<string, string>): GithubClient {
  return { auth: async () => ({ tokenType: "installation", permissions }), request: async () => ({ data: { slug: "keyless" } }) } as unknown as GithubClient;
}

describe("retire's GitHub App preflight", () => {
  it("asks for each App permission the secrets to delete need, once, naming a secret that needs it", () => {
    expect(appPermissionsFor(targets)).toEqual([
      ["secrets", "retire deletes repo acme/api secret AWS_ACCESS_KEY_ID"],
      ["organization_secrets", "retire deletes organization acme secret ORG_KEY"],
      ["dependabot_secrets", "retire deletes repo acme/api Dependabot secret D"],
      ["codespaces_secrets", "retire deletes repo acme/api Codespaces secret C"],
    ]);
    expect(appPermissionsFor([{ scope: "organization", org: "acme", name: "OD", store: "dependabot" }])).toEqual([
      ["dependabot_secrets", "retire deletes organization acme Dependabot secret OD", "organization_dependabot_secrets"],
    ]);
    expect(appPermissionsFor([])).toEqual([]);
  });

  it("stops an App without one of them, naming what is missing; lets through one with all, and any token", async () => {
    const all = { secrets: "write", organization_secrets: "write", dependabot_secrets: "write", codespaces_secrets: "write" };
    await expect(preflightSecretDeletes(appClient(all), targets)).resolves.toBeUndefined();
    await expect(preflightSecretDeletes(appClient({ ...all, codespaces_secrets: "read", secrets: "read" }), targets)).rejects.toMatchObject({
      code: "MissingAppPermission",
      message: expect.stringMatching(/^The GitHub App keyless\[bot\] lacks `secrets: write` and `codespaces_secrets: write` .*Nothing was written\.$/),
      remediation: expect.stringContaining("Secrets (repository): Read and write, Codespaces secrets: Read and write"),
    });
    const token = { auth: async () => ({ tokenType: "oauth" }) } as unknown as GithubClient;
    await expect(preflightSecretDeletes(token, targets)).resolves.toBeUndefined();
  });

  it("stops an App that would have to delete an organization Codespaces secret: GitHub serves those to no app", async () => {
    const orgCodespaces: SecretTarget = { scope: "organization", org: "acme", name: "DEV_KEY_ID", store: "codespaces" };
    await expect(preflightSecretDeletes(appClient({ organization_secrets: "write" }), [orgCodespaces])).rejects.toMatchObject({
      code: "GithubAppCannotDeleteSecret",
      message: expect.stringContaining("organization acme Codespaces secret DEV_KEY_ID. Nothing was written."),
    });
  });
});
