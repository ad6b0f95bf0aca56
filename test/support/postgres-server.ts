// Starts and stops a throwaway PostgreSQL server: initdb in a folder, postgres on a free port of
// 127.0.0.1, trust authentication, no fsync (the data is thrown away). PostgreSQL refuses to run
// as root: as root, the server runs as the `postgres` user (Debian's package creates it) through runuser.
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

export const PG_USER = "keyless";

/** The folder of initdb and pg_ctl: Debian's /usr/lib/postgresql/<version>/bin, else pg_config, else PATH. */
export function postgresBinDir(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], "bin");
  }
  for (const probe of [() => execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim(), () => execFileSync("sh", ["-c", "dirname \"$(command -v initdb)\""], { encoding: "utf8" }).trim()]) {
    try {
      const dir = probe();
      if (dir && existsSync(join(dir, "initdb"))) return dir;
    } catch {
      // not this way
    }
  }
  return undefined;
}

function asServerUser(bin: string, args: string[]): void {
  const root = process.getuid?.() === 0;
  const [file, argv] = root ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  execFileSync(file, argv, { stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
}

function serverUserOwns(path: string): void {
  if (process.getuid?.() !== 0) return;
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  chownSync(path, uid, gid);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** initdb + start in `dir`; returns the admin connection string (database postgres). */
export async function startPostgres(bin: string, dir: string): Promise<string> {
  serverUserOwns(dir);
  const data = join(dir, "data");
  // A linguistic default collation (ICU, English), as most servers have: keyless's order must not depend on it.
  asServerUser(join(bin, "initdb"), ["-D", data, "-U", PG_USER, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--locale-provider=icu", "--icu-locale=en-US", "--no-sync", "--no-instructions"]);
  const port = await freePort();
  const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  asServerUser(join(bin, "pg_ctl"), ["-D", data, "-l", join(dir, "server.log"), "-w", "-t", "60", "-o", settings, "start"]);
  return `postgres://${PG_USER}@127.0.0.1:${port}/postgres`;
}

export function stopPostgres(dir: string): void {
  const bin = postgresBinDir();
  if (!bin) return;
  try {
    asServerUser(join(bin, "pg_ctl"), ["-D", join(dir, "data"), "-m", "immediate", "-w", "stop"]);
  } catch {
    // Already stopped.
  }
}
