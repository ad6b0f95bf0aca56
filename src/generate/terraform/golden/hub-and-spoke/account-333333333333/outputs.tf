output "gha_api_deploy_arn" {
  description = "deploy role of acme/api"
  value       = aws_iam_role.gha_api_deploy.arn
}
