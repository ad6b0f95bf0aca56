// An App installation's token reaches only the organization it is installed on, as on GitHub:
// another organization and its private repos answer 404 (GraphQL: null and NOT_FOUND), its public
// repos can be read but not written; personal tokens see every organization as before.
import { afterEach, describe, expect, it } from "vitest";
import { appClaims, signAppJwt } from "../../../test/support/sandbox/app-jwt.js";
import { TOKENS } from "../../../test/support/sandbox/github-world.js";
import { twoOrgWorld } from "../../../test/support/sandbox/two-org-world.js";
import { generateAppKeyPair, registerSandboxApp } from "./app-jwt.js";
import { startGithubFake, type GithubFake } from "./server.js";

let fake: GithubFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup() {
  const world = twoOrgWorld();
  const keys = generateAppKeyPair();
  const app = registerSandboxApp(world, keys);
  fake = await startGithubFake(world);
  const url = fake.url;
  const jwt = signAppJwt(keys.privateKeyPem, appClaims(app.id));
  const call = (path: string, token: string, init: RequestInit = {}) => fetch(`${url}${path}`, { ...init, headers: { authorization: token, "content-type": "application/json" } });
  const tokenOf = async (org: string) => {
    const installation = (await (await call(`/orgs/${org}/installation`, `Bearer ${jwt}`)).json()) as { id: number };
    const minted = await call(`/app/installations/${installation.id}/access_tokens`, `Bearer ${jwt}`, { method: "POST" });
    expect(minted.status).toBe(201);
    return `token ${((await minted.json()) as { token: string }).token}`;
  };
  const graphql = async (token: string, query: string) => (await call("/graphql", token, { method: "POST", body: JSON.stringify({ query }) })).json() as Promise<{ data: Record<string, unknown> | null; errors?: Array<{ type?: string; path?: string[] }> }>;
  return { call, tokenOf, graphql };
}

const LOOKUP = `{ organization(login: "acme-labs") { login } repository(owner: "acme-labs", name: "billing") { name } }`;

describe("an App installation token's reach", () => {
  it("REST: another organization's routes and private repos answer 404; its own answer 200", async () => {
    const { call, tokenOf } = await setup();
    const acme = await tokenOf("acme");
    for (const path of ["/orgs/acme-labs", "/orgs/acme-labs/repos", "/orgs/acme-labs/actions/secrets", "/repos/acme-labs/billing", "/repos/acme-labs/billing/actions/secrets"]) {
      const response = await call(path, acme);
      expect(response.status, path).toBe(404);
      expect(((await response.json()) as { message: string }).message).toBe("Not Found");
    }
    for (const path of ["/orgs/acme", "/orgs/acme/repos", "/repos/acme/billing", "/repos/acme/billing/actions/secrets"]) expect((await call(path, acme)).status, path).toBe(200);
    const labs = await tokenOf("acme-labs");
    for (const path of ["/orgs/acme-labs/actions/secrets", "/repos/acme-labs/billing/actions/secrets"]) expect((await call(path, labs)).status, path).toBe(200);
    expect((await call("/repos/acme/billing", labs)).status).toBe(404);
  });

  it("REST: another owner's public repo can be read but not written", async () => {
    const { call, tokenOf } = await setup();
    const acme = await tokenOf("acme");
    expect((await call("/repos/acme-labs/api", acme)).status).toBe(200);
    expect((await call("/repos/acme-labs/api/git/blobs", acme, { method: "POST", body: JSON.stringify({ content: "x" }) })).status).toBe(404);
    expect((await call("/repos/acme/api/git/blobs", acme, { method: "POST", body: JSON.stringify({ content: "x" }) })).status).toBe(201);
  });

  it("GraphQL: another organization and its private repo are null with NOT_FOUND errors", async () => {
    const { tokenOf, graphql } = await setup();
    const answer = await graphql(await tokenOf("acme"), LOOKUP);
    expect(answer.data).toEqual({ organization: null, repository: null });
    expect(answer.errors?.map((e) => [e.type, e.path?.[0]]).sort()).toEqual([
      ["NOT_FOUND", "organization"],
      ["NOT_FOUND", "repository"],
    ]);
    const own = await graphql(await tokenOf("acme-labs"), LOOKUP);
    expect(own.errors).toBeUndefined();
    expect(own.data).toEqual({ organization: { login: "acme-labs" }, repository: { name: "billing" } });
  });

  it("personal tokens still see every organization", async () => {
    const { call, graphql } = await setup();
    const admin = `token ${TOKENS.admin}`;
    for (const path of ["/orgs/acme-labs/actions/secrets", "/repos/acme-labs/billing/actions/secrets", "/repos/acme/billing"]) expect((await call(path, admin)).status, path).toBe(200);
    expect((await graphql(admin, LOOKUP)).data).toEqual({ organization: { login: "acme-labs" }, repository: { name: "billing" } });
  });
});
