// The environment a command runs with against the embedded sandbox (--sandbox): the shell's, with the
// sandbox's endpoints and credentials, and every credential of the shell's own that would win over
// them cleared — an AWS profile or session token, GH_TOKEN, and GitHub App settings (the embedded
// sandbox registers no app, so a real app's id and key would only be rejected).
type Env = Record<string, string | undefined>;

const SHELL_ONLY = ["AWS_PROFILE", "AWS_SESSION_TOKEN", "GH_TOKEN", "GITHUB_APP_ID", "GITHUB_APP_PRIVATE_KEY", "GITHUB_APP_INSTALLATION_ID"];

export function embeddedSandboxEnv(shell: Env, sandbox: Env): Env {
  const env: Env = { ...shell, ...sandbox };
  for (const name of SHELL_ONLY) if (!(name in sandbox)) env[name] = undefined;
  return env;
}
