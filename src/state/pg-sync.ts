// A synchronous PostgreSQL connection: `pg` runs in a worker thread and the calling thread waits
// on a shared flag (Atomics.wait) for each answer. Why synchronous: the StateStore contract is
// synchronous (SQLite's is), so every caller, transaction and crash-safety guarantee stays as it
// is — a write is committed before the call returns, and a transaction's function cannot await,
// so no other write can slip into it. The price is that the event loop waits one round trip per
// statement, as it waits for SQLite's disk. Hand-written rather than synckit: the worker must be
// an inline script, so that the bundle stays one file (synckit loads a worker file by path).
import { createRequire } from "node:module";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import type { SqlValue } from "./sql-driver.js";

export interface PgFailure {
  message: string;
  code?: string;
}

type Answer = { ok: true; rows: unknown[] } | { ok: false; error: PgFailure };

type Request = { op: "connect"; id: number; url: string } | { op: "query"; id: number; sql: string; params?: SqlValue[] } | { op: "end"; id: number };

interface WorkerData {
  pgPath: string;
  flag: SharedArrayBuffer;
  port: MessagePort;
}

/** Thrown for a failed statement or connection, with PostgreSQL's SQLSTATE when it gave one. */
export class PgError extends Error {
  readonly sqlState: string | undefined;

  constructor(failure: PgFailure) {
    super(failure.message);
    this.name = "PgError";
    this.sqlState = failure.code;
  }
}

/** How long one statement may take before keyless gives up on the server (it also stops the wait). */
const ANSWER_TIMEOUT_MS = 5 * 60_000;

/**
 * The one worker of this process: loading `pg` in a thread costs more than a connection, so every
 * connection lives in the same worker (calls are one at a time anyway: the caller waits).
 */
class PgWorker {
  private readonly worker: Worker;
  private readonly flag: Int32Array;
  private readonly port: MessagePort;

  constructor() {
    const flag = new SharedArrayBuffer(4);
    const { port1, port2 } = new MessageChannel();
    const data: WorkerData = { pgPath: createRequire(import.meta.url).resolve("pg"), flag, port: port2 };
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: data, transferList: [port2] });
    // The worker must not keep the process alive: a run that ends ends its connections.
    this.worker.unref();
    this.flag = new Int32Array(flag);
    this.port = port1;
  }

  call(request: Request): unknown[] {
    Atomics.store(this.flag, 0, 0);
    this.worker.postMessage(request);
    if (Atomics.wait(this.flag, 0, 0, ANSWER_TIMEOUT_MS) === "timed-out") {
      throw new PgError({ message: `no answer from the database in ${ANSWER_TIMEOUT_MS / 60_000} minutes` });
    }
    const answer = receiveMessageOnPort(this.port)?.message as Answer | undefined;
    if (!answer) throw new PgError({ message: "the database connection's worker stopped" });
    if (!answer.ok) throw new PgError(answer.error);
    return answer.rows;
  }
}

let shared: PgWorker | undefined;
let nextId = 1;

export class SyncPgConnection {
  private readonly worker: PgWorker;
  private readonly id = nextId++;
  private ended = false;

  constructor(url: string) {
    shared ??= new PgWorker();
    this.worker = shared;
    this.worker.call({ op: "connect", id: this.id, url });
  }

  query<T>(sql: string, params?: SqlValue[]): T[] {
    if (this.ended) throw new PgError({ message: "the connection is closed" });
    return this.worker.call({ op: "query", id: this.id, sql, ...(params && params.length > 0 ? { params } : {}) }) as T[];
  }

  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.worker.call({ op: "end", id: this.id });
  }
}

/**
 * The script the worker runs. `__name` is what a bundler keeping function names (tsx, vitest) puts
 * inside the function's text; a failure to start is answered like any other, so the caller never
 * waits for a worker that died.
 */
const WORKER_SOURCE = `
const data = require("node:worker_threads").workerData;
var __name = (f) => f;
try {
  (${pgWorker.toString()})(require, data);
} catch (error) {
  data.port.postMessage({ ok: false, error: { message: "the database worker did not start: " + (error && error.message) } });
  const flag = new Int32Array(data.flag);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}`;

/**
 * The worker's whole program, sent as source text (toString): it may use nothing but its two
 * arguments. One client per connection, one statement at a time; every answer sets the flag the caller waits on.
 */
function pgWorker(req: NodeJS.Require, data: WorkerData): void {
  const { parentPort } = req("node:worker_threads") as typeof import("node:worker_threads");
  const pg = req(data.pgPath) as typeof import("pg");
  const flag = new Int32Array(data.flag);
  const clients = new Map<number, { client: import("pg").Client; lost?: Error }>();
  const reply = (answer: Answer) => {
    data.port.postMessage(answer);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  };
  const failure = (error: unknown): PgFailure => {
    const e = error as { message?: string; code?: unknown };
    return { message: String(e?.message ?? error), ...(typeof e?.code === "string" ? { code: e.code } : {}) };
  };
  const run = async (request: Request): Promise<unknown[]> => {
    if (request.op === "connect") {
      const entry: { client: import("pg").Client; lost?: Error } = { client: new pg.Client({ connectionString: request.url, connectionTimeoutMillis: 15_000, application_name: "keyless" }) };
      // A dropped connection is reported on the next statement instead of killing the worker.
      entry.client.on("error", (error: Error) => {
        entry.lost = error;
      });
      await entry.client.connect();
      clients.set(request.id, entry);
      return [];
    }
    const entry = clients.get(request.id);
    if (!entry) throw new Error("the connection is closed");
    if (request.op === "end") {
      clients.delete(request.id);
      await entry.client.end();
      return [];
    }
    if (entry.lost) throw entry.lost;
    const result = request.params ? await entry.client.query({ text: request.sql, values: request.params }) : await entry.client.query(request.sql);
    // Several statements in one text answer with one result each: the last one's rows count.
    const last = Array.isArray(result) ? result.at(-1) : result;
    return (last?.rows ?? []) as unknown[];
  };
  parentPort?.on("message", (request: Request) => {
    run(request).then(
      (rows) => reply({ ok: true, rows }),
      (error: unknown) => reply({ ok: false, error: failure(error) }),
    );
  });
}
