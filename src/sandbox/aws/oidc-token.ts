// Checks a web identity token as STS does before it looks at any trust policy: a JWT signed with
// one of the issuer's published keys (the sandbox issuer's JWKS in the World), not expired, from an
// issuer that has an OIDC provider in the role's account, for an audience the provider lists.

import { createPublicKey, verify } from "node:crypto";
import type { OidcProvider, World } from "../world.js";
import { AwsFault } from "./context.js";

export type TokenClaims = Record<string, unknown> & { iss: string; sub: string; aud: string | string[]; exp: number };

const INVALID = "The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.";
/** STS tolerates a little clock skew on nbf/iat. */
const SKEW_SECONDS = 300;

function decodePart(part: string | undefined): Record<string, unknown> | undefined {
  if (!part) return undefined;
  try {
    const value = JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The token's claims, unverified: enough to find its issuer and subject for errors and logs. */
export function peekClaims(token: string): Record<string, unknown> | undefined {
  return decodePart(token.split(".")[1]);
}

export interface VerifiedToken {
  claims: TokenClaims;
  provider: OidcProvider;
  audience: string;
}

/** Verifies `token` for a role in `accountId`, or throws the fault STS would answer. */
export function verifyWebIdentityToken(world: World, accountId: string, token: string, now: Date): VerifiedToken {
  const parts = token.split(".");
  const header = decodePart(parts[0]);
  const claims = decodePart(parts[1]);
  if (parts.length !== 3 || !header || !claims) throw new AwsFault("InvalidIdentityToken", "Couldn't parse the web identity token.");
  const iss = typeof claims["iss"] === "string" ? claims["iss"] : "";
  const host = iss.replace(/^https:\/\//, "").replace(/\/$/, "");
  const provider = world.aws.iam[accountId]?.oidcProviders.find((p) => p.url.replace(/^https:\/\//, "").replace(/\/$/, "") === host);
  if (!provider) throw new AwsFault("InvalidIdentityToken", `No OpenIDConnect provider found in your account for ${iss}`);

  const issuer = world.github.oidcIssuer;
  const key = issuer && issuer.issuer === iss ? issuer.keys.find((k) => k["kid"] === header["kid"]) : undefined;
  if (!key || header["alg"] !== "RS256" || !signatureValid(`${parts[0]}.${parts[1]}`, parts[2] ?? "", key)) {
    throw new AwsFault("InvalidIdentityToken", INVALID);
  }
  const seconds = Math.floor(now.getTime() / 1000);
  const exp = Number(claims["exp"]);
  if (!Number.isFinite(exp) || exp <= seconds) {
    throw new AwsFault("ExpiredTokenException", `Token expired: current date/time ${seconds} must be before the expiration date/time ${exp}`);
  }
  if (Number(claims["nbf"] ?? 0) > seconds + SKEW_SECONDS) throw new AwsFault("InvalidIdentityToken", INVALID);
  const audiences = (Array.isArray(claims["aud"]) ? claims["aud"] : [claims["aud"]]).filter((a): a is string => typeof a === "string");
  const audience = audiences.find((a) => provider.clientIdList.includes(a));
  if (!audience) throw new AwsFault("InvalidIdentityToken", "Incorrect token audience");
  if (typeof claims["sub"] !== "string" || claims["sub"] === "") throw new AwsFault("InvalidIdentityToken", INVALID);
  return { claims: claims as TokenClaims, provider, audience };
}

function signatureValid(data: string, signature: string, jwk: Record<string, string>): boolean {
  try {
    const key = createPublicKey({ key: jwk, format: "jwk" });
    return verify("RSA-SHA256", Buffer.from(data), key, Buffer.from(signature, "base64url"));
  } catch {
    return false;
  }
}
