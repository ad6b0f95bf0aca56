// A second keyless run, as far as the run lock is concerned: takes the lock of the state named by
// argv[2], says "held", keeps it for argv[3] milliseconds (or until killed), then lets go.
import { openStateStore } from "../../src/state/index.js";

const store = openStateStore(process.argv[2]!, { lock: {} });
process.stdout.write("held\n");
setTimeout(() => {
  store.close();
  process.exit(0);
}, Number(process.argv[3] ?? 60_000));
