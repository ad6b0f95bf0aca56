// Deterministic identifiers for what the fake creates (session keys, role ids), from the world's seed.
// Sandbox secrets are visibly fake: they only let the fake verify signatures.

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export interface IdFactory {
  /** `prefix` + `length` base-32 characters, as AWS ids (ASIA…, AROA…, AIDA…). */
  awsId(prefix: string, length: number): string;
  fakeSecret(): string;
  fakeSessionToken(): string;
}

/** mulberry32: small, seedable, good enough for ids and fault injection. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createIdFactory(seed: number): IdFactory {
  const random = seededRandom(seed ^ 0x5eed1d);
  const chars = (alphabet: string, length: number): string => {
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
    return out;
  };
  return {
    awsId: (prefix, length) => prefix + chars(BASE32, length),
    // 40 characters like a real secret, but impossible to mistake for one.
    fakeSecret: () => `FAKEsandboxSECRET/${chars(BASE32, 22)}`,
    fakeSessionToken: () => `FAKE-SANDBOX-SESSION-TOKEN/${chars(BASE32, 48)}`,
  };
}

/** A stable id derived from a string (for entities the world does not spell out, e.g. the audit role). */
export function stableAwsId(prefix: string, length: number, from: string): string {
  let h = 2166136261;
  for (let i = 0; i < from.length; i++) h = Math.imul(h ^ from.charCodeAt(i), 16777619);
  const random = seededRandom(h);
  let out = prefix;
  for (let i = 0; i < length; i++) out += BASE32[Math.floor(random() * 32)];
  return out;
}
