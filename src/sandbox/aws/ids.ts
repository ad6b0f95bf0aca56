// Deterministic identifiers for what the fake creates (session keys, role ids), from the world's seed.
// Sandbox secrets are visibly fake: they only let the fake verify signatures.

import { randomChars, seededRandom } from "../random.js";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export interface IdFactory {
  /** `prefix` + `length` base-32 characters, as AWS ids (ASIA…, AROA…, AIDA…). */
  awsId(prefix: string, length: number): string;
  fakeSecret(): string;
  fakeSessionToken(): string;
}

export function createIdFactory(seed: number): IdFactory {
  const random = seededRandom(seed ^ 0x5eed1d);
  const chars = (alphabet: string, length: number): string => randomChars(random, alphabet, length);
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
  return prefix + randomChars(seededRandom(h), BASE32, length);
}
