// The tool's version, written into every report and snapshot.
export const VERSION = "0.1.0";
