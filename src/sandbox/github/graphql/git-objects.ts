// GraphQL models of git objects (Blob, Tree, TreeEntry, Commit, Ref) over a repo's git store.
// graphql-js's default resolver reads these getters and calls these methods with field args.

import type { GithubRepo } from "../../world.js";
import type { GitStore, PathEntry, TreeEntry } from "../git-store.js";
import { blobText } from "../repo-git.js";
import { nodeId } from "../shapes/git.js";
import { connection, type PageArgs } from "./connection.js";
import type { GqlContext } from "./context.js";

abstract class GitObjectModel {
  abstract readonly __typename: "Blob" | "Tree" | "Commit";
  constructor(
    protected readonly ctx: GqlContext,
    protected readonly repo: GithubRepo,
    protected readonly store: GitStore,
    readonly oid: string,
  ) {}
  get id(): string {
    return nodeId(this.__typename, this.repo, this.oid);
  }
  get abbreviatedOid(): string {
    return this.oid.slice(0, 7);
  }
  get commitResourcePath(): string {
    return `/${this.repo.fullName}/commit/${this.oid}`;
  }
  get commitUrl(): string {
    return `${this.ctx.state.baseUrl}${this.commitResourcePath}`;
  }
  repository(): unknown {
    return this.ctx.repositoryModel(this.repo);
  }
}

export class BlobModel extends GitObjectModel {
  readonly __typename = "Blob";
  private get data(): Buffer {
    return this.store.blob(this.oid) ?? Buffer.alloc(0);
  }
  get byteSize(): number {
    return this.data.length;
  }
  get text(): string | null {
    return blobText(this.data) ?? null;
  }
  get isBinary(): boolean {
    return blobText(this.data) === undefined;
  }
  get isTruncated(): boolean {
    return false;
  }
}

export class TreeModel extends GitObjectModel {
  readonly __typename = "Tree";
  constructor(ctx: GqlContext, repo: GithubRepo, store: GitStore, oid: string, readonly path: string) {
    super(ctx, repo, store, oid);
  }
  entries(): TreeEntryModel[] {
    return (this.store.tree(this.oid) ?? []).map((entry) => new TreeEntryModel(this.ctx, this.repo, this.store, entry, this.path));
  }
}

export class TreeEntryModel {
  constructor(
    private readonly ctx: GqlContext,
    private readonly repo: GithubRepo,
    private readonly store: GitStore,
    private readonly entry: TreeEntry,
    private readonly parent: string,
  ) {}
  get name(): string {
    return this.entry.name;
  }
  get nameRaw(): string {
    return Buffer.from(this.entry.name).toString("base64");
  }
  get path(): string {
    return this.parent ? `${this.parent}/${this.entry.name}` : this.entry.name;
  }
  get pathRaw(): string {
    return Buffer.from(this.path).toString("base64");
  }
  get oid(): string {
    return this.entry.sha;
  }
  /** GitHub returns the octal git mode as a decimal Int (100644 → 33188, 040000 → 16384). */
  get mode(): number {
    return Number.parseInt(this.entry.mode, 8);
  }
  get type(): string {
    return this.store.typeOf(this.entry.sha) ?? "commit";
  }
  get extension(): string | null {
    const dot = this.entry.name.lastIndexOf(".");
    return this.type === "blob" && dot > 0 ? this.entry.name.slice(dot) : null;
  }
  get isGenerated(): boolean {
    return false;
  }
  get size(): number {
    return this.store.blob(this.entry.sha)?.length ?? 0;
  }
  get lineCount(): number | null {
    const text = this.type === "blob" ? blobText(this.store.blob(this.entry.sha) ?? Buffer.alloc(0)) : undefined;
    return text === undefined ? null : text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
  }
  get object(): GitObjectModel | null {
    return gitObject(this.ctx, this.repo, this.store, { path: this.path, mode: this.entry.mode, type: this.type as PathEntry["type"], sha: this.entry.sha });
  }
  repository(): unknown {
    return this.ctx.repositoryModel(this.repo);
  }
}

export class CommitModel extends GitObjectModel {
  readonly __typename = "Commit";
  private get data() {
    return this.store.commit(this.oid)!;
  }
  get message(): string {
    return this.data.message;
  }
  get messageHeadline(): string {
    return this.data.message.split("\n")[0] ?? "";
  }
  get messageBody(): string {
    return this.data.message.split("\n").slice(1).join("\n").trim();
  }
  get author() {
    return this.data.author;
  }
  get committer() {
    return this.data.committer;
  }
  get authoredDate(): string {
    return this.data.author.date;
  }
  get committedDate(): string {
    return this.data.committer.date;
  }
  get tree(): TreeModel {
    return new TreeModel(this.ctx, this.repo, this.store, this.data.tree, "");
  }
  get resourcePath(): string {
    return this.commitResourcePath;
  }
  get url(): string {
    return this.commitUrl;
  }
  get treeResourcePath(): string {
    return `/${this.repo.fullName}/tree/${this.oid}`;
  }
  get treeUrl(): string {
    return `${this.ctx.state.baseUrl}${this.treeResourcePath}`;
  }
  parents(args: PageArgs) {
    const parents = this.data.parents.map((sha) => new CommitModel(this.ctx, this.repo, this.store, sha));
    return connection(parents, args);
  }
}

export function gitObject(ctx: GqlContext, repo: GithubRepo, store: GitStore, entry: PathEntry): GitObjectModel | null {
  switch (store.typeOf(entry.sha)) {
    case "blob":
      return new BlobModel(ctx, repo, store, entry.sha);
    case "tree":
      return new TreeModel(ctx, repo, store, entry.sha, entry.path);
    case "commit":
      return new CommitModel(ctx, repo, store, entry.sha);
    default:
      return null;
  }
}

export class RefModel {
  readonly __typename = "Ref";
  constructor(
    private readonly ctx: GqlContext,
    private readonly repo: GithubRepo,
    private readonly store: GitStore,
    private readonly qualifiedName: string,
  ) {}
  get id(): string {
    return nodeId("Ref", this.repo, this.qualifiedName);
  }
  get prefix(): string {
    return /^refs\/[^/]+\//.exec(this.qualifiedName)?.[0] ?? "";
  }
  get name(): string {
    return this.qualifiedName.slice(this.prefix.length);
  }
  get target(): GitObjectModel | null {
    const sha = this.store.refs.get(this.qualifiedName);
    return sha ? gitObject(this.ctx, this.repo, this.store, { path: "", mode: "", type: "commit", sha }) : null;
  }
  repository(): unknown {
    return this.ctx.repositoryModel(this.repo);
  }
}
