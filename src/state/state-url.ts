// --state names a file, or a PostgreSQL database by its connection string. The string may hold a
// password: it is never printed — every message, error and holder record shows it masked.

export function isPostgresUrl(state: string): boolean {
  return /^postgres(ql)?:\/\//i.test(state.trim());
}

/** The connection string with its password (in the authority or as ?password=) replaced by ***. */
export function maskStateUrl(state: string): string {
  if (!isPostgresUrl(state)) return state;
  return state
    .replace(/^(postgres(?:ql)?:\/\/[^:/?#@]*):[^@/?#]*@/i, "$1:***@")
    .replace(/([?&]password=)[^&#]*/gi, "$1***");
}

/** Masks every password of a connection string found in `text` (e.g. a command line). */
export function maskUrlsIn(text: string): string {
  return text.replace(/postgres(?:ql)?:\/\/\S+/gi, (url) => maskStateUrl(url));
}

/** Removes the password itself wherever a server or driver message repeats it. */
export function scrubPassword(text: string, url: string): string {
  let password: string | undefined;
  try {
    const parsed = new URL(url);
    password = parsed.password ? decodeURIComponent(parsed.password) : parsed.searchParams.get("password") ?? undefined;
  } catch {
    password = undefined;
  }
  const masked = maskUrlsIn(text);
  return password && password.length > 0 ? masked.split(password).join("***") : masked;
}
