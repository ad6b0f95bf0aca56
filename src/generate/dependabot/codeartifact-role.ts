// The role Dependabot assumes for a CodeArtifact registry (dependabot.yml's `account-id`/`role-name`):
// trusted through the account's GitHub OIDC provider for the one repository, allowed to fetch a
// CodeArtifact token for the domain and to read its repository, nothing else. Pure JSON documents.
// GitHub's pages found while building this do not document the `sub` a Dependabot job's token carries,
// so the trust admits any subject of the repository (`repo:OWNER/REPO:*`), never of other repositories.
import type { CodeArtifactRegistry } from "../../analyze/dependabot-yml.js";

export interface CodeArtifactRole {
  roleName: string;
  accountId: string;
  trustPolicy: Record<string, unknown>;
  permissionPolicy: Record<string, unknown>;
}

export function codeArtifactRole(repo: string, roleName: string, accountId: string, registries: CodeArtifactRegistry[]): CodeArtifactRole {
  const provider = `arn:aws:iam::${accountId}:oidc-provider/token.actions.githubusercontent.com`;
  const domains = [...new Set(registries.map((r) => `arn:aws:codeartifact:${r.region}:${r.domainOwner}:domain/${r.domain}`))].sort();
  const repositories = [...new Set(registries.map((r) => `arn:aws:codeartifact:${r.region}:${r.domainOwner}:repository/${r.domain}/${r.repository ?? "*"}`))].sort();
  return {
    roleName,
    accountId,
    trustPolicy: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: provider },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
            StringLike: { "token.actions.githubusercontent.com:sub": `repo:${repo}:*` },
          },
        },
      ],
    },
    permissionPolicy: {
      Version: "2012-10-17",
      Statement: [
        { Sid: "CodeArtifactToken", Effect: "Allow", Action: "codeartifact:GetAuthorizationToken", Resource: domains },
        { Sid: "CodeArtifactBearer", Effect: "Allow", Action: "sts:GetServiceBearerToken", Resource: "*", Condition: { StringEquals: { "sts:AWSServiceName": "codeartifact.amazonaws.com" } } },
        { Sid: "CodeArtifactRead", Effect: "Allow", Action: "codeartifact:ReadFromRepository", Resource: repositories },
      ],
    },
  };
}
