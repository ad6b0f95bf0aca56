output "policy_id" {
  description = "Id of the service control policy"
  value       = aws_organizations_policy.deny_long_lived_keys.id
}
