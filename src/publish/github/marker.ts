// The hidden marker in the body of every PR keyless opens: how a later run tells its own PR (and
// which plan it carries) from a human's PR on the same branch. Renovate finds its PRs the same way.

export type PrKind = "migration" | "terraform";

export interface Marker {
  kind: PrKind;
  planHash: string;
}

const MARKER = /<!-- keyless:(migration|terraform) v1 plan:([0-9a-f]{6,64}) -->/;

export function markerComment(kind: PrKind, planHash: string): string {
  return `<!-- keyless:${kind} v1 plan:${planHash} -->`;
}

export function readMarker(body: string | null | undefined): Marker | undefined {
  const match = MARKER.exec(body ?? "");
  return match ? { kind: match[1] as PrKind, planHash: match[2] as string } : undefined;
}

/** The trailer on every commit keyless writes; with the state's record, it tells keyless's commits from others'. */
export const COMMIT_TRAILER = "Keyless-Plan";

export function commitTrailer(planHash: string): string {
  return `${COMMIT_TRAILER}: ${planHash}`;
}

export function readCommitTrailer(message: string): string | undefined {
  return new RegExp(`^${COMMIT_TRAILER}: ([0-9a-f]{6,64})\\s*$`, "m").exec(message)?.[1];
}
