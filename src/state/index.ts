// The state keyless keeps across runs: the contract (store.ts), on SQLite or PostgreSQL.
export * from "./store.js";
export { DEFAULT_STATE_PATH, openExistingStateStore, openMemoryStateStore, openStateStore, resolveStatePath, type OpenOptions } from "./sqlite-store.js";
export { MIGRATIONS, type Migration } from "./migrations.js";
export { LOCKED_EXIT_CODE, type LockOptions } from "./run-lock.js";
export { isPostgresUrl, maskStateUrl } from "./state-url.js";
