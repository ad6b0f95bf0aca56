// What the TUI's act step needs from the publish stage, as interfaces: the command wires the real
// publisher, verify and retire into them; tests pass fakes. The TUI decides nothing these don't.
import type { Records } from "../state/model.js";

/** Exactly what opening or updating one repo's pull request would write. */
export interface PrPreview {
  repo: string;
  /** create: a new branch and PR; update: new commit and body on keyless's branch; none: already up to date; skip: will not be touched. */
  action: "create" | "update" | "none" | "skip";
  branch: string;
  base: string;
  title: string;
  body: string;
  files: Array<{ path: string; diff: string }>;
  /** Why a repo is skipped or left alone (a human pushed to the branch, the owners opted out…). */
  note?: string;
}

export interface PrOutcome {
  repo: string;
  ok: boolean;
  action: PrPreview["action"];
  number?: number;
  url?: string;
  message?: string;
}

export interface Publisher {
  preview(repos: string[]): Promise<PrPreview[]>;
  publish(repos: string[]): Promise<PrOutcome[]>;
}

export interface KeyTarget {
  accessKeyId: string;
  accountId: string;
  userName: string;
}

export interface ActOutcome {
  subject: string;
  ok: boolean;
  message: string;
}

export interface Verifier {
  /** Runs verify over every key in the plan; the verdicts land in the state store. */
  verify(): Promise<ActOutcome[]>;
}

export interface KeyRetirer {
  /** Sets the keys Inactive (reversible) and records it. */
  deactivate(keys: KeyTarget[]): Promise<ActOutcome[]>;
}

/** The act step's collaborators; any may be missing (the TUI then says the action is unavailable). */
export interface ActPorts {
  publisher?: Publisher;
  verifier?: Verifier;
  retirer?: KeyRetirer;
  /** Re-reads the state store after an action. */
  records?: () => Records;
  /** Why a collaborator is missing, and what to do, said when its action is asked for. */
  missing?: Partial<Record<"publisher" | "verifier" | "retirer", { message: string; remediation: string }>>;
}
