// GitHub App JSON Web Tokens as GitHub checks them: RS256, signed with the app's private key and
// verified against its public key, `iss` the app id (or client id), `iat` not in the future (60 s
// of drift allowed) and `exp` in the future but at most 10 minutes ahead. The messages are
// GitHub's: @octokit/auth-app matches some of them to correct a clock skew.
// JWT times are real epoch seconds, whatever the sandbox's time scale: a client's clock signs them.

import { createVerify, generateKeyPairSync } from "node:crypto";
import type { GithubApp, World } from "../world.js";
import { HttpError } from "./context.js";

const DOCS = "https://docs.github.com/rest";
const MAX_AHEAD_SECONDS = 600;
const DRIFT_SECONDS = 60;

export const JWT_MESSAGES = {
  undecodable: "A JSON web token could not be decoded",
  tooFar: "'Expiration time' claim ('exp') is too far in the future",
  expired: "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
  issuedAt: "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued",
  notFound: "Integration not found",
} as const;

function reject(message: string): HttpError {
  return new HttpError(401, message, { documentation_url: DOCS });
}

function decodePart(part: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through: not JSON
  }
  throw reject(JWT_MESSAGES.undecodable);
}

/** The app a JWT stands for; a 401 HttpError with GitHub's message otherwise. `nowSeconds` is real epoch seconds. */
export function verifyAppJwt(world: World, jwt: string, nowSeconds: number): GithubApp {
  const parts = jwt.split(".");
  if (parts.length !== 3) throw reject(JWT_MESSAGES.undecodable);
  const [headerPart, payloadPart, signature] = parts as [string, string, string];
  const header = decodePart(headerPart);
  const payload = decodePart(payloadPart);
  if (header["alg"] !== "RS256") throw reject(JWT_MESSAGES.undecodable);
  const iss = payload["iss"];
  const app = (world.github.apps ?? []).find((a) => String(a.id) === String(iss) || a.clientId === iss);
  if (!app) throw reject(JWT_MESSAGES.notFound);
  const verifier = createVerify("RSA-SHA256");
  verifier.update(`${headerPart}.${payloadPart}`);
  let valid = false;
  try {
    valid = verifier.verify(app.publicKeyPem, Buffer.from(signature, "base64url"));
  } catch {
    valid = false;
  }
  if (!valid) throw reject(JWT_MESSAGES.undecodable);
  const { iat, exp } = payload;
  if (typeof iat !== "number" || !Number.isInteger(iat) || iat > nowSeconds + DRIFT_SECONDS) throw reject(JWT_MESSAGES.issuedAt);
  if (typeof exp !== "number" || exp <= nowSeconds) throw reject(JWT_MESSAGES.expired);
  if (exp > nowSeconds + MAX_AHEAD_SECONDS || exp - iat > MAX_AHEAD_SECONDS + DRIFT_SECONDS) throw reject(JWT_MESSAGES.tooFar);
  return app;
}

export interface AppKeyPair {
  /** PKCS#1 PEM ("BEGIN RSA PRIVATE KEY"), the format GitHub's "Generate a private key" downloads. */
  privateKeyPem: string;
  publicKeyPem: string;
}

export function generateAppKeyPair(): AppKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/** Permissions the sandbox's app asks for: what keyless reads for an audit and writes for pull requests. */
export const SANDBOX_APP_PERMISSIONS: Record<string, "read" | "write"> = {
  metadata: "read",
  contents: "write",
  pull_requests: "write",
  workflows: "write",
  actions: "read",
  secrets: "write",
  actions_variables: "read",
  environments: "read",
  secret_scanning_alerts: "read",
  organization_secrets: "write",
  dependabot_secrets: "write",
  codespaces_secrets: "write",
  organization_actions_variables: "read",
  members: "read",
};

/**
 * Registers an app owned by the first organization and installed on every organization of the
 * world, and returns it; its private key is returned to the caller, never kept in the world.
 */
export function registerSandboxApp(world: World, keys: AppKeyPair, permissions: Record<string, "read" | "write"> = SANDBOX_APP_PERMISSIONS): GithubApp {
  const owner = world.github.orgs[0]?.login ?? "acme";
  const apps = (world.github.apps ??= []);
  const id = 900_001 + apps.length;
  const app: GithubApp = {
    id,
    slug: apps.length === 0 ? "keyless-sandbox" : `keyless-sandbox-${apps.length + 1}`,
    name: apps.length === 0 ? "keyless sandbox" : `keyless sandbox ${apps.length + 1}`,
    clientId: `Iv23sandbox${String(id)}`,
    owner,
    publicKeyPem: keys.publicKeyPem,
    installations: world.github.orgs.map((org, i) => ({ id: id * 100 + i + 1, account: org.login, permissions: { ...permissions }, createdAt: world.now })),
  };
  apps.push(app);
  return app;
}
