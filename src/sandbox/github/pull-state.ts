// Pull requests and labels opened through the fake. They are not part of the scenario World, so
// they live here for as long as the fake (and so the sandbox process) runs.

export interface PullRecord {
  id: number;
  number: number;
  repoId: number;
  title: string;
  body: string | null;
  /** Branch names in the same repository (cross-fork PRs are not modelled). */
  head: string;
  base: string;
  state: "open" | "closed";
  draft: boolean;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: string | null;
  mergeCommitSha: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  user: string;
  labels: string[];
  requestedReviewers: string[];
  /** Head sha frozen when the PR is closed or merged (its branch may be deleted later). */
  closedHeadSha: string | null;
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export class PullState {
  private readonly pulls = new Map<number, PullRecord[]>();
  private readonly labels = new Map<number, LabelRecord[]>();
  private nextId = 1_000_001;

  list(repoId: number): PullRecord[] {
    return this.pulls.get(repoId) ?? [];
  }

  get(repoId: number, number: number): PullRecord | undefined {
    return this.list(repoId).find((pull) => pull.number === number);
  }

  add(fields: Omit<PullRecord, "id" | "number">): PullRecord {
    const list = this.list(fields.repoId);
    const record: PullRecord = { ...fields, id: this.nextId++, number: list.length + 1 };
    this.pulls.set(fields.repoId, [...list, record]);
    return record;
  }

  /** The repo's label of that name, created (GitHub-style, grey) on first use. */
  label(repoId: number, name: string): LabelRecord {
    const list = this.labels.get(repoId) ?? [];
    let label = list.find((l) => l.name.toLowerCase() === name.toLowerCase());
    if (!label) {
      label = { id: this.nextId++, name, color: "ededed", description: null };
      this.labels.set(repoId, [...list, label]);
    }
    return label;
  }
}
