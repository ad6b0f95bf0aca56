// SigV4 verification: parse the Authorization header, then recompute the signature with the same
// library the SDK signs with (@smithy/signature-v4) over exactly the headers the client signed.

import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";

export interface SigV4Authorization {
  accessKeyId: string;
  /** yyyymmdd of the credential scope. */
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

export interface IncomingSignedRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  /** Lower-case header names, as Node gives them. */
  headers: Record<string, string | undefined>;
  body: Buffer;
}

const AUTH_PATTERN =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/;

export function parseAuthorization(header: string | undefined): SigV4Authorization | undefined {
  const match = header === undefined ? null : AUTH_PATTERN.exec(header.trim());
  if (!match) return undefined;
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match;
  if (!accessKeyId || !date || !region || !service || !signedHeaders || !signature) return undefined;
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(";"), signature };
}

/** x-amz-date (yyyymmddThhmmssZ) as a Date, or undefined when malformed. */
export function parseAmzDate(value: string | undefined): Date | undefined {
  const m = value === undefined ? null : /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Node's crypto behind the hash interface the signer expects (HMAC when given a key). */
export class NodeSha256 {
  private readonly secret: Uint8Array | string | undefined;
  private hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;

  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.secret = secret === undefined ? undefined : toBytes(secret);
    this.hash = this.fresh();
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    this.hash = this.fresh();
  }
  private fresh(): ReturnType<typeof createHash> | ReturnType<typeof createHmac> {
    return this.secret === undefined ? createHash("sha256") : createHmac("sha256", this.secret);
  }
}

function toBytes(data: string | ArrayBuffer | ArrayBufferView): Uint8Array | string {
  if (typeof data === "string") return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

export type SignatureCheck = { ok: true } | { ok: false; reason: "mismatch" | "malformed" };

/** Recomputes the request's signature with `secretAccessKey` and compares it in constant time. */
export async function verifySignature(
  request: IncomingSignedRequest,
  auth: SigV4Authorization,
  secretAccessKey: string,
): Promise<SignatureCheck> {
  const amzDate = request.headers["x-amz-date"];
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate || amzDate?.slice(0, 8) !== auth.date) return { ok: false, reason: "malformed" };
  if (!auth.signedHeaders.includes("host")) return { ok: false, reason: "malformed" };

  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) return { ok: false, reason: "malformed" };
    headers[name] = value;
  }
  // A declared payload hash must be the body's: otherwise the body could be swapped under a valid signature.
  const declared = headers["x-amz-content-sha256"];
  if (declared !== undefined && declared !== "UNSIGNED-PAYLOAD") {
    if (declared !== createHash("sha256").update(request.body).digest("hex")) return { ok: false, reason: "mismatch" };
  }

  const signer = new SignatureV4({
    credentials: { accessKeyId: auth.accessKeyId, secretAccessKey },
    region: auth.region,
    service: auth.service,
    sha256: NodeSha256,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    { method: request.method, protocol: "http:", hostname: "", path: request.path, query: request.query, headers, body: request.body },
    { signingDate, signingRegion: auth.region, signingService: auth.service, signableHeaders: new Set(auth.signedHeaders) },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers["authorization"] ?? ""))?.[1];
  if (expected === undefined) return { ok: false, reason: "mismatch" };
  const equal = timingSafeEqual(Buffer.from(expected, "hex"), Buffer.from(auth.signature, "hex"));
  return equal ? { ok: true } : { ok: false, reason: "mismatch" };
}

/** Constant-time comparison for tokens (session tokens are secrets too). */
export function sameSecret(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}
