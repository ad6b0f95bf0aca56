// The GitHub App side of the fake, as keyless meets it: installation tokens that expire after an
// hour of the sandbox's clock (401 then, like GitHub), that share their installation's rate limit,
// and that can do only what the installation's permissions allow.
import { afterEach, describe, expect, it } from "vitest";
import { appClaims, signAppJwt } from "../../../test/support/sandbox/app-jwt.js";
import { testWorld } from "../../../test/support/sandbox/github-world.js";
import { generateAppKeyPair, registerSandboxApp } from "./app-jwt.js";
import { startGithubFake, type GithubFake } from "./server.js";

let fake: GithubFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(permissions?: Record<string, "read" | "write">, timeScale = 1) {
  const world = testWorld();
  const keys = generateAppKeyPair();
  const app = registerSandboxApp(world, keys, permissions);
  fake = await startGithubFake(world, { limits: { timeScale } });
  const url = fake.url;
  const jwt = signAppJwt(keys.privateKeyPem, appClaims(app.id));
  const call = (path: string, auth: string, init: RequestInit = {}) => fetch(`${url}${path}`, { ...init, headers: { authorization: auth, "content-type": "application/json" } });
  const installation = (await (await call("/orgs/acme/installation", `Bearer ${jwt}`)).json()) as { id: number };
  const mint = async () => {
    const response = await call(`/app/installations/${installation.id}/access_tokens`, `Bearer ${jwt}`, { method: "POST" });
    expect(response.status).toBe(201);
    return (await response.json()) as { token: string; expires_at: string; permissions: Record<string, string> };
  };
  return { call, mint, jwt };
}

describe("GitHub App installation tokens", () => {
  it("expire after an hour of the sandbox's clock, and then answer 401 Bad credentials", async () => {
    const { call, mint } = await setup(undefined, 3600);
    const minted = await mint();
    const ms = Date.parse(minted.expires_at) - Date.now();
    expect(ms).toBeLessThanOrEqual(1000);
    expect((await call("/repos/acme/api", `token ${minted.token}`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, ms) + 1100));
    const expired = await call("/repos/acme/api", `token ${minted.token}`);
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { message: string }).message).toBe("Bad credentials");
  });

  it("share their installation's rate limit, larger than a user's, and send no OAuth scopes", async () => {
    const { call, mint } = await setup();
    const [a, b] = [await mint(), await mint()];
    const first = await call("/repos/acme/api", `token ${a.token}`);
    const second = await call("/repos/acme/api", `token ${b.token}`);
    expect(first.headers.get("x-oauth-scopes")).toBeNull();
    expect(Number(second.headers.get("x-ratelimit-limit"))).toBeGreaterThanOrEqual(5000);
    expect(Number(second.headers.get("x-ratelimit-used"))).toBe(Number(first.headers.get("x-ratelimit-used")) + 1);
  });

  it("refuse what the installation's permissions do not allow, naming the permission; GET /user is no user's", async () => {
    const { call, mint } = await setup({ metadata: "read", contents: "read" });
    const minted = await mint();
    expect(minted.permissions).toEqual({ metadata: "read", contents: "read" });
    expect((await call("/repos/acme/api/contents/README.md", `token ${minted.token}`)).status).toBe(200);
    const refused = await call("/repos/acme/api/actions/secrets", `token ${minted.token}`);
    expect(refused.status).toBe(403);
    expect(refused.headers.get("x-accepted-github-permissions")).toBe("secrets=read");
    expect(((await refused.json()) as { message: string }).message).toBe("Resource not accessible by integration");
    const write = await call("/repos/acme/api/git/blobs", `token ${minted.token}`, { method: "POST", body: JSON.stringify({ content: "x" }) });
    expect(write.status).toBe(403);
    expect(write.headers.get("x-accepted-github-permissions")).toBe("contents=write");
    expect((await call("/user", `token ${minted.token}`)).status).toBe(403);
  });

  it("take the app's JWT on the app's endpoints only, and 404 for an organization without the app", async () => {
    const { call, jwt } = await setup();
    expect((await call("/app", `Bearer ${jwt}`)).status).toBe(200);
    expect((await call("/orgs/globex/installation", `Bearer ${jwt}`)).status).toBe(404);
    expect((await call("/repos/acme/api", `Bearer ${jwt}`)).status).toBe(401);
    expect((await call("/app", "token ghp_sandbox_token_not_real")).status).toBe(401);
  });
});
