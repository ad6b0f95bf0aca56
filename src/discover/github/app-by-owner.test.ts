// A GitHub App client over several organizations (byOwner): a request about an organization's
// repository uses that organization's installation, since an installation token reaches only its
// own organization; an owner without the App falls back to the default installation (public repos).
import { afterEach, describe, expect, it } from "vitest";
import { twoOrgWorld } from "../../../test/support/sandbox/two-org-world.js";
import { generateAppKeyPair, registerSandboxApp } from "../../sandbox/github/app-jwt.js";
import { startGithubFake, type GithubFake } from "../../sandbox/github/server.js";
import { RequestCounter } from "../request-counter.js";
import { SecretText } from "./app-auth.js";
import { githubClient } from "./client.js";

let fake: GithubFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(byOwner: boolean) {
  const world = twoOrgWorld();
  // globex: an organization with a public repo, where the App is not installed.
  const labs = world.github.orgs[1]!;
  world.github.orgs.push({ ...structuredClone(labs), login: "globex", id: 9200, nodeId: "O_kgDO9200", name: "Globex" });
  const api = world.github.repos.find((r) => r.fullName === "acme/api")!;
  world.github.repos.push({ ...structuredClone(api), id: 3101, nodeId: "R_kgDO3101", owner: "globex", ownerId: 9200, fullName: "globex/api" });
  const keys = generateAppKeyPair();
  const app = registerSandboxApp(world, keys);
  app.installations = app.installations.filter((i) => i.account !== "globex");
  fake = await startGithubFake(world);
  const counter = new RequestCounter();
  const client = githubClient({ apiUrl: fake.url, maxRetries: 0, app: { appId: String(app.id), privateKey: new SecretText(keys.privateKeyPem), org: "acme", byOwner } }, counter);
  const status = (fullName: string) =>
    client.request("GET /repos/{owner}/{repo}", { owner: fullName.split("/")[0]!, repo: fullName.split("/")[1]! }).then(
      (r) => r.status,
      (e: { status?: number }) => e.status,
    );
  const minted = () => new Set(world.github.tokens.flatMap((t) => (t.installationId !== undefined ? [world.github.apps![0]!.installations.find((i) => i.id === t.installationId)!.account] : [])));
  return { status, minted };
}

describe("a GitHub App client with byOwner", () => {
  it("reads each organization's private repos with that organization's installation", async () => {
    const { status, minted } = await setup(true);
    expect(await status("acme/billing")).toBe(200);
    expect(await status("acme-labs/billing")).toBe(200);
    expect(minted()).toEqual(new Set(["acme", "acme-labs"]));
  });

  it("reads an owner without the App (a public repo) with the default installation", async () => {
    const { status, minted } = await setup(true);
    expect(await status("globex/api")).toBe(200);
    expect(minted()).toEqual(new Set(["acme"]));
  });

  it("without byOwner, one installation's token cannot read another organization's private repo", async () => {
    const { status } = await setup(false);
    expect(await status("acme-labs/billing")).toBe(404);
  });
});
