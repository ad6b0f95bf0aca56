// What makes a re-scan cheap: REST answers kept with their ETags and asked again with
// If-None-Match (GitHub answers 304 and does not charge it), and each repo's workflow files kept
// with the ids of the trees they came from (an unchanged tree means unchanged files).
// Backed by the state store (src/state, table scan_cache); writes are buffered and flushed in
// transactions, so 10,000 repos do not mean 40,000 synchronous commits.
// Never kept: the token (the key is the URL; the Authorization header is never read), and
// any answer or file whose text looks like it holds a secret value (it is asked for again instead).
import type { WorkflowFile } from "../../inventory/schema.js";

export interface CacheEntry {
  kind: "http" | "workflows";
  key: string;
  tag: string;
  body: string;
  at: string;
}

/** The part of the StateStore the cache needs. */
export interface CacheStore {
  cachedAnswer(kind: CacheEntry["kind"], key: string): CacheEntry | undefined;
  cacheAnswers(entries: CacheEntry[]): void;
}

interface StoredAnswer {
  status: number;
  contentType?: string;
  link?: string;
  text: string;
}

/** An AWS secret access key (40 characters of base64, not a hex commit id) or a GitHub token. */
const SECRET_LIKE = /(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]*[G-Zg-z/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])|\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{40,})/;

export function looksSecret(text: string): boolean {
  return SECRET_LIKE.test(text);
}

const FLUSH_EVERY = 500;

/** Trims an answer to what discover reads, so that the cache stays small (workflow runs are large). */
function trim(path: string, text: string): string {
  if (!/\/actions\/runs$/.test(path)) return text;
  try {
    const data = JSON.parse(text) as { total_count?: number; workflow_runs?: Array<Record<string, unknown>> };
    const keep = ["id", "path", "event", "head_branch", "conclusion", "created_at", "updated_at"];
    const runs = (data.workflow_runs ?? []).map((run) => Object.fromEntries(keep.map((k) => [k, run[k]])));
    return JSON.stringify({ total_count: data.total_count, workflow_runs: runs });
  } catch {
    return text;
  }
}

/** A made-up Response has no url; pagination reads it to find the next page. */
function withUrl(response: Response, url: string): Response {
  Object.defineProperty(response, "url", { value: url });
  return response;
}

export class ScanCache {
  /** 304 answers: asked again, not charged. */
  notModified = 0;
  /** Repos whose workflow files came from the cache (their trees had not changed). */
  reusedTrees = 0;
  private pending: CacheEntry[] = [];

  constructor(
    private readonly store: CacheStore,
    private readonly now: () => string,
  ) {}

  /** True once a listing of the org ran to its end with this cache: its trees are all known. */
  listedBefore(org: string): boolean {
    return this.store.cachedAnswer("workflows", `org:${org.toLowerCase()}`) !== undefined;
  }

  markListed(org: string): void {
    this.put({ kind: "workflows", key: `org:${org.toLowerCase()}`, tag: "listed", body: "[]", at: this.now() });
  }

  workflows(repo: string): { tag: string; files: WorkflowFile[] } | undefined {
    const entry = this.store.cachedAnswer("workflows", repo);
    if (!entry) return undefined;
    try {
      return { tag: entry.tag, files: JSON.parse(entry.body) as WorkflowFile[] };
    } catch {
      return undefined;
    }
  }

  /** Keeps a repo's files under the tree ids they were read from; never files that failed or look secret. */
  keepWorkflows(repo: string, tag: string, files: WorkflowFile[]): void {
    if (files.some((f) => f.skipped?.startsWith("not readable") || (f.text !== undefined && looksSecret(f.text)))) return;
    this.put({ kind: "workflows", key: repo, tag, body: JSON.stringify(files), at: this.now() });
  }

  /** A fetch that asks GET answers again with If-None-Match, and turns a 304 into the kept answer. */
  conditionalFetch(send: typeof fetch): typeof fetch {
    return async (input, init) => {
      const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
      const method = (init?.method ?? "GET").toUpperCase();
      if (method !== "GET" || /\/graphql\/?$/.test(url.pathname)) return send(input, init);
      // The host too: one state file may serve github.com and an Enterprise Server.
      const key = `${url.host}${url.pathname}${url.search}`;
      const entry = this.store.cachedAnswer("http", key);
      const headers = new Headers(init?.headers);
      if (entry) headers.set("if-none-match", entry.tag);
      const response = await send(input, { ...init, headers });
      if (response.status === 304 && entry) {
        this.notModified++;
        const stored = JSON.parse(entry.body) as StoredAnswer;
        const out = new Headers(response.headers);
        if (stored.contentType) out.set("content-type", stored.contentType);
        if (stored.link) out.set("link", stored.link);
        else out.delete("link");
        out.set("etag", entry.tag);
        return withUrl(new Response(stored.text, { status: stored.status, headers: out }), response.url);
      }
      const etag = response.headers.get("etag");
      if (response.status !== 200 || !etag) return response;
      const text = await response.text();
      if (!looksSecret(text)) {
        const stored: StoredAnswer = { status: 200, contentType: response.headers.get("content-type") ?? undefined, link: response.headers.get("link") ?? undefined, text: trim(url.pathname, text) };
        this.put({ kind: "http", key, tag: etag, body: JSON.stringify(stored), at: this.now() });
      }
      return withUrl(new Response(text, { status: response.status, headers: response.headers }), response.url);
    };
  }

  flush(): void {
    const entries = this.pending;
    this.pending = [];
    this.store.cacheAnswers(entries);
  }

  private put(entry: CacheEntry): void {
    this.pending.push(entry);
    if (this.pending.length >= FLUSH_EVERY) this.flush();
  }
}
