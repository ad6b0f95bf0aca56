import { describe, expect, it } from "vitest";
import { dependabotInventory, REFRESH_WORKFLOW } from "../../../test/support/dependabot/codeartifact.js";
import { analyze } from "../index.js";
import { DEFAULT_ANALYSIS_CONFIG } from "../model.js";
import { refresh } from "./kl121-codeartifact-token-refresh.js";

const inventory = (files: Record<string, string>) => dependabotInventory(files);

const kl121 = (files: Record<string, string>) => analyze(inventory(files), DEFAULT_ANALYSIS_CONFIG, new Date("2026-11-20T12:00:00Z")).findings.filter((f) => f.ruleId === "KL121");
const PATH = ".github/workflows/refresh-codeartifact-token.yml";

describe("KL121: Dependabot's CodeArtifact token refreshed with a static key", () => {
  it("recognises the scheduled refresh, at the token command, with the registry's OIDC keys from its flags", () => {
    const [f, ...rest] = kl121({ [PATH]: REFRESH_WORKFLOW });
    expect(rest).toEqual([]);
    expect(f?.location).toMatchObject({ path: PATH, line: 19 });
    expect(f?.message).toMatch(/refreshes the Dependabot secret CODEARTIFACT_TOKEN with a CodeArtifact token fetched with a static AWS key/);
    expect(f?.evidence[1]).toBe("The registry's OIDC keys, from the command: aws-region: eu-west-1, domain: acme, domain-owner: 012345678901 (plus account-id and role-name of the role to create).");
  });

  it("not without each part: no schedule, an Actions secret written, or a role instead of a key", () => {
    expect(kl121({ [PATH]: REFRESH_WORKFLOW.replace(/  schedule:\n    - cron: "0 \*\/6 \* \* \*"\n/, "") })).toEqual([]);
    expect(kl121({ [PATH]: REFRESH_WORKFLOW.replace("--app dependabot ", "") })).toEqual([]);
    const oidc = REFRESH_WORKFLOW.replace(/aws-access-key-id: .*\n\s+aws-secret-access-key: .*\n/, "role-to-assume: arn:aws:iam::012345678901:role/ca\n");
    expect(kl121({ [PATH]: oidc })).toEqual([]);
  });

  it("reads the REST spelling of the write too", () => {
    expect(refresh('gh api -X PUT repos/acme/web/dependabot/secrets/CA_TOKEN -f encrypted_value="$V" && aws codeartifact get-authorization-token --domain=d --region us-east-1')).toEqual({ secret: "CA_TOKEN", domain: "d", region: "us-east-1" });
  });
});
