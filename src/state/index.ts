// The state keyless keeps across runs: the contract (store.ts) and its SQLite implementation.
export * from "./store.js";
export { DEFAULT_STATE_PATH, openExistingStateStore, openMemoryStateStore, openStateStore, resolveStatePath, type OpenOptions } from "./sqlite-store.js";
export { MIGRATIONS, type Migration } from "./migrations.js";
