// Builds local checkouts on disk for `--local` tests: files, an optional origin remote, symlinks.
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

/** Writes `files` under root/name and, with `origin`, a .git/config naming that remote. */
export async function checkout(root: string, name: string, files: Record<string, string>, origin?: string): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  if (origin) {
    await mkdir(join(dir, ".git"), { recursive: true });
    await writeFile(join(dir, ".git", "config"), `[core]\n\tbare = false\n[remote "origin"]\n\turl = ${origin}\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n`);
  }
  return dir;
}

/** Makes `path` a symbolic link to `target`, creating its folder (what a committed link checks out as). */
export async function link(target: string, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await symlink(target, path);
}

/** A workflow that deploys with a static key from secrets: the shape `fix` rewrites. */
export function staticKeyWorkflow(marker = "deploy"): string {
  return `name: ${marker}
on:
  push:
    branches: [main]
jobs:
  ship:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: \${{ secrets.SHIP_KEY_ID }}
          aws-secret-access-key: \${{ secrets.SHIP_SECRET }}
          aws-region: eu-west-1
      - run: echo ${marker}
`;
}
