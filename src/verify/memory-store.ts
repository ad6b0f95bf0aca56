// A StateStore kept in memory: the contract of src/state/store.ts without a file, for tests of
// verify and retire (and anything else that wants a throwaway store).
import type { KeyEvent, PrRecord, Snapshot, SnapshotKind, StateStore, Verification } from "../state/store.js";

export function memoryStateStore(): StateStore {
  let snapshots: Snapshot[] = [];
  let prs = new Map<string, PrRecord>();
  let keyEvents: KeyEvent[] = [];
  let verifications: Verification[] = [];
  const clone = <T>(v: T): T => structuredClone(v);
  return {
    saveSnapshot(kind: SnapshotKind, json: string, at: string) {
      const id = snapshots.length + 1;
      snapshots = [...snapshots, { id, kind, at, json }];
      return id;
    },
    latestSnapshot: (kind) => clone(snapshots.filter((s) => s.kind === kind).at(-1)),
    snapshotTimes: (kind) => snapshots.filter((s) => s.kind === kind).map(({ id, at }) => ({ id, at })),
    snapshot: (id) => clone(snapshots.find((s) => s.id === id)),
    upsertPr(record) {
      prs = new Map(prs).set(record.repo, clone(record));
    },
    getPr: (repo) => clone(prs.get(repo)),
    listPrs: () => [...prs.values()].map(clone),
    recordKeyEvent(event) {
      keyEvents = [...keyEvents, clone(event)];
    },
    keyEvents: (accessKeyId) => keyEvents.filter((e) => !accessKeyId || e.accessKeyId === accessKeyId).map(clone),
    recordVerification(v) {
      verifications = [...verifications, clone(v)];
    },
    latestVerifications() {
      const latest = new Map<string, Verification>();
      for (const v of verifications) latest.set(v.accessKeyId, v);
      return [...latest.values()].map(clone);
    },
    transaction<T>(fn: () => T): T {
      // All or nothing: restore every collection if fn throws.
      const saved = { snapshots, prs, keyEvents, verifications };
      try {
        return fn();
      } catch (error) {
        ({ snapshots, prs, keyEvents, verifications } = saved);
        throw error;
      }
    },
    close() {},
  };
}
