import { describe, expect, it } from "vitest";
import { parse, parseDocument } from "yaml";
import { codeArtifactRegistriesReading } from "../../analyze/dependabot-yml.js";
import { patchDependabotYml } from "./codeartifact-oidc.js";
import { codeArtifactRole } from "./codeartifact-role.js";

const BEFORE = `# Dependabot: npm from our CodeArtifact mirror
version: 2
registries:
  # refreshed every 6 hours by .github/workflows/refresh-codeartifact-token.yml
  codeartifact:
    type: npm-registry
    url: https://acme-012345678901.d.codeartifact.eu-west-1.amazonaws.com/npm/shared/
    token: \${{secrets.CODEARTIFACT_TOKEN}} # written by the refresh workflow
    replaces-base: true
  github:
    type: npm-registry
    url: https://npm.pkg.github.com
    token: \${{ secrets.GH_PACKAGES_TOKEN }}
updates:
  - package-ecosystem: "npm" # the web app
    directory: "/"
    registries: [codeartifact]
    schedule:
      interval: "daily"
`;

describe("dependabot.yml: CodeArtifact from a refreshed token to OIDC", () => {
  const registries = codeArtifactRegistriesReading(BEFORE, "CODEARTIFACT_TOKEN");
  const text = patchDependabotYml(BEFORE, registries, { roleName: "dependabot-codeartifact-web" });

  it("swaps the refreshed token for the OIDC keys, with account ids quoted", () => {
    expect(registries).toEqual([{ key: "codeartifact", domain: "acme", domainOwner: "012345678901", region: "eu-west-1", repository: "shared" }]);
    const parsed = parse(text!);
    expect(parsed.registries.codeartifact).toEqual({
      type: "npm-registry",
      url: "https://acme-012345678901.d.codeartifact.eu-west-1.amazonaws.com/npm/shared/",
      "replaces-base": true,
      "aws-region": "eu-west-1",
      "account-id": "012345678901",
      "role-name": "dependabot-codeartifact-web",
      domain: "acme",
      "domain-owner": "012345678901",
    });
    expect(text).not.toContain("CODEARTIFACT_TOKEN");
  });

  it("keeps comments, the other registry and the updates exactly as written", () => {
    for (const line of ["# Dependabot: npm from our CodeArtifact mirror", "  # refreshed every 6 hours by .github/workflows/refresh-codeartifact-token.yml", '  - package-ecosystem: "npm" # the web app', "    token: ${{ secrets.GH_PACKAGES_TOKEN }}", "    registries: [codeartifact]", '      interval: "daily"']) {
      expect(text).toContain(line);
    }
    expect(parse(text!).updates).toEqual(parse(BEFORE).updates);
  });

  it("changes nothing when no CodeArtifact registry reads the secret, or the YAML is broken", () => {
    expect(codeArtifactRegistriesReading(BEFORE, "OTHER_TOKEN")).toEqual([]);
    expect(codeArtifactRegistriesReading("registries: [\n", "CODEARTIFACT_TOKEN")).toEqual([]);
    expect(patchDependabotYml(BEFORE, [], { roleName: "r" })).toBeUndefined();
  });

  it("leaves a registry written as a flow map alone rather than write a broken file", () => {
    const flow = BEFORE.replace(
      /  codeartifact:\n(    .*\n)+/,
      '  codeartifact: { type: npm-registry, url: "https://acme-012345678901.d.codeartifact.eu-west-1.amazonaws.com/npm/shared/", token: "${{ secrets.CODEARTIFACT_TOKEN }}" }\n',
    );
    expect(parse(flow).registries.codeartifact.token).toBe("${{ secrets.CODEARTIFACT_TOKEN }}");
    const found = codeArtifactRegistriesReading(flow, "CODEARTIFACT_TOKEN");
    const after = patchDependabotYml(flow, found, { roleName: "r" });
    expect(after === undefined ? [] : parseDocument(after).errors.map((e) => e.message)).toEqual([]);
    expect(found).toEqual([]);
  });

  it("the role: the repository's OIDC subjects only, a token for the domain, reads of its repository", () => {
    const role = codeArtifactRole("acme/web", "dependabot-codeartifact-web", "012345678901", registries);
    const trust = (role.trustPolicy as any).Statement[0];
    expect(trust.Condition).toEqual({ StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" }, StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/web:*" } });
    const actions = (role.permissionPolicy as any).Statement.map((s: any) => [s.Action, s.Resource]);
    expect(actions).toEqual([
      ["codeartifact:GetAuthorizationToken", ["arn:aws:codeartifact:eu-west-1:012345678901:domain/acme"]],
      ["sts:GetServiceBearerToken", "*"],
      ["codeartifact:ReadFromRepository", ["arn:aws:codeartifact:eu-west-1:012345678901:repository/acme/shared"]],
    ]);
  });
});
