// Stands in for better-sqlite3 in dist/action.js. A JavaScript action runs from its tag with no
// node_modules, and a native addon cannot be bundled; the action keeps no local state (cache off),
// so this is never constructed — if it were, the error says so instead of a missing-module crash.
import { KeylessError } from "../core/errors.js";

export default class NoSqlite {
  constructor() {
    throw new KeylessError("NoStateInAction", "The GitHub Action keeps no local state database.", "Run the audit without local state (the action does), or run the keyless CLI installed from npm.");
  }
}
