output "oidc_provider_arn" {
  description = "ARN of the GitHub Actions OIDC provider (https://token.actions.githubusercontent.com)"
  value       = aws_iam_openid_connect_provider.github.arn
}

output "gha_api_env_production_arn" {
  description = "direct role of acme/api"
  value       = aws_iam_role.gha_api_env_production.arn
}
