// Who is calling: the SigV4 access key looked up in world.aws.callers, its session token, its
// signature and its expiry, each failure answered with the error code the service itself uses.

import type { Caller, World } from "../world.js";
import { AwsFault, type ServiceName } from "./context.js";
import { createHash } from "node:crypto";
import { parseAmzDate, sameSecret, verifySignature, type IncomingSignedRequest, type SigV4Authorization } from "./sigv4.js";

const QUERY_SERVICES = new Set<ServiceName>(["iam", "sts"]);
/** AWS rejects a signature dated more than 15 minutes away from its clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;

function invalidToken(service: ServiceName): AwsFault {
  return QUERY_SERVICES.has(service)
    ? new AwsFault("InvalidClientTokenId", "The security token included in the request is invalid.", 403)
    : new AwsFault("UnrecognizedClientException", "The security token included in the request is invalid.", 400);
}

function badSignature(service: ServiceName, message: string): AwsFault {
  return QUERY_SERVICES.has(service) ? new AwsFault("SignatureDoesNotMatch", message, 403) : new AwsFault("InvalidSignatureException", message, 400);
}

export function missingAuthentication(service: ServiceName): AwsFault {
  return QUERY_SERVICES.has(service)
    ? new AwsFault("MissingAuthenticationToken", "Request is missing Authentication Token", 403)
    : new AwsFault("MissingAuthenticationTokenException", "Missing Authentication Token", 400);
}

/** Returns the verified caller, or throws the service's authentication error. Never echoes a secret. */
export async function authenticate(world: World, service: ServiceName, auth: SigV4Authorization, request: IncomingSignedRequest): Promise<Caller> {
  const caller = world.aws.callers[auth.accessKeyId];
  if (!caller || caller.accessKeyId !== auth.accessKeyId) throw invalidToken(service);
  // A caller that is also an IAM user key of the world stops working once deactivated.
  const iamKey = world.aws.iam[caller.accountId]?.accessKeys.find((k) => k.accessKeyId === caller.accessKeyId);
  if (iamKey && iamKey.status !== "Active") throw invalidToken(service);

  const token = request.headers["x-amz-security-token"];
  if (!sameSecret(token, caller.sessionToken)) throw invalidToken(service);

  const amzDate = request.headers["x-amz-date"];
  const signedAt = parseAmzDate(amzDate);
  if (signedAt && Math.abs(signedAt.getTime() - Date.now()) > MAX_SKEW_MS) {
    throw badSignature(service, `Signature expired: ${amzDate} is now earlier than the allowed window (15 min. around server time).`);
  }
  const check = await verifySignature(request, auth, caller.secretAccessKey);
  if (!check.ok) {
    // As AWS does, the answer shows the canonical request and string to sign it expected: they hold
    // the signed headers' values, x-amz-security-token included (a client must never print them).
    throw badSignature(
      service,
      `The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.${expectedSigning(request, auth)}`,
    );
  }
  // Session expiry is judged by the real clock, the one the SDK signs and refreshes credentials with.
  if (caller.expiration !== undefined && Date.parse(caller.expiration) <= Date.now()) {
    throw QUERY_SERVICES.has(service)
      ? new AwsFault("ExpiredToken", "The security token included in the request is expired", 400)
      : new AwsFault("ExpiredTokenException", "The security token included in the request is expired", 400);
  }
  return caller;
}

/** The "should have been" part of AWS's signature error: canonical request and string to sign. */
function expectedSigning(request: IncomingSignedRequest, auth: SigV4Authorization): string {
  const query = Object.entries(request.query)
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${encodeURIComponent(k)}=${encodeURIComponent(x)}`))
    .sort()
    .join("&");
  const headers = [...auth.signedHeaders].sort().map((h) => `${h}:${(request.headers[h] ?? "").trim()}`).join("\n");
  const payload = request.headers["x-amz-content-sha256"] ?? createHash("sha256").update(request.body).digest("hex");
  const canonical = [request.method, request.path.split("?")[0], query, headers, "", auth.signedHeaders.join(";"), payload].join("\n");
  const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", request.headers["x-amz-date"] ?? "", scope, createHash("sha256").update(canonical).digest("hex")].join("\n");
  return `\n\nThe Canonical String for this request should have been\n'${canonical}'\n\nThe String-to-Sign should have been\n'${toSign}'\n`;
}
