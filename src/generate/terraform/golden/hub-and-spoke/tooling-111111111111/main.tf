provider "aws" {
  region              = var.region
  allowed_account_ids = ["111111111111"]

  default_tags {
    tags = var.tags
  }
}

# GitHub Actions' OIDC provider. No thumbprint_list: AWS no longer uses thumbprints for this issuer.
resource "aws_iam_openid_connect_provider" "github" {
  url            = "https://token.actions.githubusercontent.com"
  client_id_list = ["sts.amazonaws.com"]
}

# Entry role of acme/api: trusts environment:production; only chains on.
resource "aws_iam_role" "gha_api_env_production" {
  name                 = "gha-api-env-production"
  path                 = "/keyless/"
  description          = "GitHub Actions OIDC entry role of acme/api (environment:production); it only chains into the repository's deploy roles. Managed by keyless."
  max_session_duration = 3600
  permissions_boundary = var.permissions_boundary
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "GitHubActionsExact"
        Effect = "Allow"
        Principal = {
          Federated = aws_iam_openid_connect_provider.github.arn
        }
        Action = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = {
            "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
            "token.actions.githubusercontent.com:sub" = "repo:acme/api:environment:production"
          }
        }
      },
    ]
  })

  tags = {
    "keyless:repo" = "acme/api"
    "keyless:role" = "entry"
  }
}

resource "aws_iam_role_policy" "gha_api_env_production_chain_into_deploy_roles" {
  name = "chain-into-deploy-roles"
  role = aws_iam_role.gha_api_env_production.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ChainIntoDeployRoles"
        Effect   = "Allow"
        Action   = ["sts:AssumeRole", "sts:TagSession"]
        Resource = "arn:aws:iam::222222222222:role/keyless/gha-api-deploy"
      },
    ]
  })
}

# Entry role of acme/api: trusts ref:refs/heads/main; only chains on.
resource "aws_iam_role" "gha_api_main" {
  name                 = "gha-api-main"
  path                 = "/keyless/"
  description          = "GitHub Actions OIDC entry role of acme/api (ref:refs/heads/main); it only chains into the repository's deploy roles. Managed by keyless."
  max_session_duration = 3600
  permissions_boundary = var.permissions_boundary
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "GitHubActionsExact"
        Effect = "Allow"
        Principal = {
          Federated = aws_iam_openid_connect_provider.github.arn
        }
        Action = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = {
            "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
            "token.actions.githubusercontent.com:sub" = "repo:acme/api:ref:refs/heads/main"
          }
        }
      },
    ]
  })

  tags = {
    "keyless:repo" = "acme/api"
    "keyless:role" = "entry"
  }
}

resource "aws_iam_role_policy" "gha_api_main_chain_into_deploy_roles" {
  name = "chain-into-deploy-roles"
  role = aws_iam_role.gha_api_main.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ChainIntoDeployRoles"
        Effect   = "Allow"
        Action   = ["sts:AssumeRole", "sts:TagSession"]
        Resource = "arn:aws:iam::333333333333:role/keyless/gha-api-deploy"
      },
    ]
  })
}
