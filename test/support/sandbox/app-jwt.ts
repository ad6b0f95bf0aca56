// Test support: signs GitHub App JWTs (RS256) with chosen claims, to drive the sandbox's checks.
import { createSign } from "node:crypto";

export function signAppJwt(privateKeyPem: string, claims: Record<string, unknown>, header: Record<string, unknown> = { alg: "RS256", typ: "JWT" }): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const input = `${part(header)}.${part(claims)}`;
  const signature = createSign("RSA-SHA256").update(input).sign(privateKeyPem).toString("base64url");
  return `${input}.${signature}`;
}

/** Claims as @octokit/auth-app signs them: iat 30 s in the past, exp 10 minutes after iat. */
export function appClaims(appId: number | string, nowSeconds = Math.floor(Date.now() / 1000)): { iss: number | string; iat: number; exp: number } {
  return { iss: appId, iat: nowSeconds - 30, exp: nowSeconds - 30 + 600 };
}
