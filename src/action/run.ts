// Bundled as dist/action.js: the process around runAction.
import { processIo } from "../cli/io.js";
import { runAction } from "./main.js";

// The AWS SDK warns on Node 20 that future versions will need Node 22; the runner gives Node 24.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

process.exitCode = await runAction(process.env, processIo());
