// The sandbox checks a GitHub App's JWT as GitHub does: signature against the app's public key,
// the app id, iat not in the future, exp in the future and at most 10 minutes ahead.
import { beforeAll, describe, expect, it } from "vitest";
import { appClaims, signAppJwt } from "../../../test/support/sandbox/app-jwt.js";
import { testWorld } from "../../../test/support/sandbox/github-world.js";
import type { World } from "../world.js";
import { generateAppKeyPair, JWT_MESSAGES, registerSandboxApp, verifyAppJwt, type AppKeyPair } from "./app-jwt.js";

let world: World;
let keys: AppKeyPair;
let other: AppKeyPair;
let appId: number;
const now = 1_800_000_000;

beforeAll(() => {
  world = testWorld();
  keys = generateAppKeyPair();
  other = generateAppKeyPair();
  appId = registerSandboxApp(world, keys).id;
});

function rejection(jwt: string): string {
  try {
    verifyAppJwt(world, jwt, now);
  } catch (error) {
    expect((error as { status?: number }).status).toBe(401);
    return (error as Error).message;
  }
  return "accepted";
}

describe("GitHub App JWT verification", () => {
  it("accepts a JWT signed with the app's key, as @octokit/auth-app signs it", () => {
    expect(verifyAppJwt(world, signAppJwt(keys.privateKeyPem, appClaims(appId, now)), now).id).toBe(appId);
    // iss may be the id as a string, or the app's client id.
    expect(verifyAppJwt(world, signAppJwt(keys.privateKeyPem, appClaims(String(appId), now)), now).id).toBe(appId);
  });

  it("refuses a JWT signed with another key", () => {
    expect(rejection(signAppJwt(other.privateKeyPem, appClaims(appId, now)))).toBe(JWT_MESSAGES.undecodable);
  });

  it("refuses an expired JWT", () => {
    expect(rejection(signAppJwt(keys.privateKeyPem, { iss: appId, iat: now - 700, exp: now - 100 }))).toBe(JWT_MESSAGES.expired);
    expect(rejection(signAppJwt(keys.privateKeyPem, { iss: appId, iat: now - 600, exp: now }))).toBe(JWT_MESSAGES.expired);
  });

  it("refuses exp more than 10 minutes ahead", () => {
    expect(rejection(signAppJwt(keys.privateKeyPem, { iss: appId, iat: now, exp: now + 601 }))).toBe(JWT_MESSAGES.tooFar);
    expect(verifyAppJwt(world, signAppJwt(keys.privateKeyPem, { iss: appId, iat: now, exp: now + 600 }), now).id).toBe(appId);
  });

  it("refuses iat in the future, a missing iat, an unknown app, another algorithm, and garbage", () => {
    expect(rejection(signAppJwt(keys.privateKeyPem, { iss: appId, iat: now + 120, exp: now + 300 }))).toBe(JWT_MESSAGES.issuedAt);
    expect(rejection(signAppJwt(keys.privateKeyPem, { iss: appId, exp: now + 300 }))).toBe(JWT_MESSAGES.issuedAt);
    expect(rejection(signAppJwt(keys.privateKeyPem, appClaims(424242, now)))).toBe(JWT_MESSAGES.notFound);
    expect(rejection(signAppJwt(keys.privateKeyPem, appClaims(appId, now), { alg: "none" }))).toBe(JWT_MESSAGES.undecodable);
    expect(rejection("not.a.jwt")).toBe(JWT_MESSAGES.undecodable);
    expect(rejection("ghp_sandbox_token_not_real")).toBe(JWT_MESSAGES.undecodable);
  });
});
