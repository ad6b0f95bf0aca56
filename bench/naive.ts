// A naive scanner, for comparison: what a per-repository REST script gathers about the same
// organization, through the real Octokit and AWS SDK. GitHub: list the repos, then per repo list
// the workflow folder, fetch each file, list secrets, variables and environments. AWS: per account
// assume the audit role, list users, their keys and each key's last use. It reads less than keyless
// (no runs, no OIDC subject, no environment secrets, no policies, no CloudTrail), so the ratio it
// gives is the least keyless saves.
import { ListAccountsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { GetAccessKeyLastUsedCommand, IAMClient, paginateListAccessKeys, paginateListUsers } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { Octokit } from "@octokit/rest";
import pLimit from "p-limit";

export interface NaiveCounts {
  github: number;
  aws: number;
  workflowFiles: number;
  keys: number;
  seconds: { github: number; aws: number };
}

interface Target {
  githubUrl: string;
  githubToken: string;
  org: string;
  awsUrl: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  auditRoleName: string;
  concurrency: number;
}

export async function naiveScan(t: Target): Promise<NaiveCounts> {
  const counts: NaiveCounts = { github: 0, aws: 0, workflowFiles: 0, keys: 0, seconds: { github: 0, aws: 0 } };
  const limit = pLimit(t.concurrency);

  let start = performance.now();
  const octokit = new Octokit({ auth: t.githubToken, baseUrl: t.githubUrl });
  octokit.hook.before("request", () => void counts.github++);
  const repos = await octokit.paginate(octokit.rest.repos.listForOrg, { org: t.org, per_page: 100 });
  await Promise.all(
    repos.map((repo) =>
      limit(async () => {
        const owner = repo.owner.login;
        const name = repo.name;
        try {
          const { data } = await octokit.rest.repos.getContent({ owner, repo: name, path: ".github/workflows" });
          for (const entry of Array.isArray(data) ? data : []) {
            if (entry.type !== "file") continue;
            await octokit.rest.repos.getContent({ owner, repo: name, path: entry.path });
            counts.workflowFiles++;
          }
        } catch (error) {
          if ((error as { status?: number }).status !== 404) throw error;
        }
        await octokit.paginate(octokit.rest.actions.listRepoSecrets, { owner, repo: name, per_page: 100 });
        await octokit.paginate(octokit.rest.actions.listRepoVariables, { owner, repo: name, per_page: 30 });
        await octokit.paginate(octokit.rest.repos.getAllEnvironments, { owner, repo: name, per_page: 100 });
      }),
    ),
  );
  counts.seconds.github = (performance.now() - start) / 1000;

  start = performance.now();
  // Counted where the SDK sends: inside the retry loop, so every attempt counts.
  const counted = <C extends { middlewareStack: unknown }>(client: C): C => {
    const stack = client.middlewareStack as { add(m: unknown, o: { step: string }): void };
    stack.add((next: (args: unknown) => Promise<unknown>) => (args: unknown) => (counts.aws++, next(args)), { step: "deserialize" });
    return client;
  };
  const base = { region: "us-east-1", endpoint: t.awsUrl, credentials: t.credentials };
  const orgs = counted(new OrganizationsClient(base));
  const sts = counted(new STSClient(base));
  const accounts = [];
  let token: string | undefined;
  do {
    const page = await orgs.send(new ListAccountsCommand({ NextToken: token }));
    accounts.push(...(page.Accounts ?? []));
    token = page.NextToken;
  } while (token);
  const caller = (await sts.send(new GetCallerIdentityCommand({}))).Account;
  await Promise.all(
    accounts
      .filter((a) => a.Status === "ACTIVE")
      .map((account) =>
        limit(async () => {
          let credentials = t.credentials as { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
          if (account.Id !== caller) {
            try {
              const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account.Id}:role/${t.auditRoleName}`, RoleSessionName: "naive" }));
              credentials = { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken };
            } catch {
              return; // the role is denied: nothing to read
            }
          }
          const iam = counted(new IAMClient({ ...base, credentials }));
          for await (const users of paginateListUsers({ client: iam }, {})) {
            for (const user of users.Users ?? []) {
              for await (const keys of paginateListAccessKeys({ client: iam }, { UserName: user.UserName })) {
                for (const key of keys.AccessKeyMetadata ?? []) {
                  await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId }));
                  counts.keys++;
                }
              }
            }
          }
        }),
      ),
  );
  counts.seconds.aws = (performance.now() - start) / 1000;
  return counts;
}
