// The sandbox's stand-in for GitHub Actions' OIDC issuer: an RS256 key pair made on first use, whose
// public half is published in the World (world.github.oidcIssuer) for the AWS fake to check tokens
// against. The private key stays in this process's memory: it is never stored, logged or printed.

import { createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from "node:crypto";
import type { World } from "../world.js";

export const GITHUB_OIDC_ISSUER = "https://token.actions.githubusercontent.com";

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

const keys = new WeakMap<World, SigningKey>();

/** The world's signing key, made (and its public JWK published) on first use. */
function signingKey(world: World): SigningKey {
  const known = keys.get(world);
  if (known && world.github.oidcIssuer?.keys.some((k) => k["kid"] === known.kid)) return known;
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = publicKey.export({ format: "jwk" }) as Record<string, string>;
  const kid = createHash("sha256").update(`${jwk["n"]}.${jwk["e"]}`).digest("hex").slice(0, 40).toUpperCase();
  const key = { kid, privateKey };
  keys.set(world, key);
  const published = { kty: "RSA", alg: "RS256", use: "sig", kid, n: jwk["n"] ?? "", e: jwk["e"] ?? "" };
  world.github.oidcIssuer = { issuer: GITHUB_OIDC_ISSUER, keys: [...(world.github.oidcIssuer?.keys ?? []), published] };
  return key;
}

/** A signed JWT with GitHub's header shape; `iat` (and nbf/exp around it) come from `at`. */
export function mintToken(world: World, claims: Record<string, unknown>, at: Date): string {
  const key = signingKey(world);
  const iat = Math.floor(at.getTime() / 1000);
  // GitHub's tokens: usable from ten minutes before issue, for five minutes after it.
  const body = { jti: randomUUID(), ...claims, iss: GITHUB_OIDC_ISSUER, nbf: iat - 600, exp: iat + 300, iat };
  const header = { typ: "JWT", alg: "RS256", x5t: key.kid, kid: key.kid };
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const data = `${encode(header)}.${encode(body)}`;
  return `${data}.${sign("RSA-SHA256", Buffer.from(data), key.privateKey).toString("base64url")}`;
}
