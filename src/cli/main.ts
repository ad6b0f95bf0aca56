// Entry point of the `keyless` binary: builds the program and turns errors into short messages.
import { runProgram } from "./program.js";

// The AWS SDK warns on Node 20 that future versions will need Node 22; users cannot act on it here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

// `keyless … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

process.exitCode = await runProgram(process.argv);
