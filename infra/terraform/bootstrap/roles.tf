################################################################################
# Per-region roles assumed by GitHub Actions through OIDC. Each trusts one
# GitHub environment of one repository, never a branch, a tag or a wildcard:
#   charter-deploy-<r>  <- repo:<owner>/<name>:environment:<r>
#   charter-plan-<r>    <- repo:<owner>/<name>:environment:<r>-plan
# The environment's protection rules (required reviewers on <r>, tags only on
# both) therefore gate every use of the role.
################################################################################

locals {
  role_subjects = merge(
    { for r in local.regions : "deploy-${r}" => { region = r, sub = "repo:${var.github_repository}:environment:${r}" } },
    { for r in local.regions : "plan-${r}" => { region = r, sub = "repo:${var.github_repository}:environment:${r}-plan" } },
  )

  trust_policies = {
    for k, v in local.role_subjects : k => {
      Version = "2012-10-17"
      Statement = [{
        Sid       = "GitHubEnvironmentOnly"
        Effect    = "Allow"
        Principal = { Federated = local.github_oidc_provider_arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = {
            "${local.github_oidc_host}:aud" = "sts.amazonaws.com"
            "${local.github_oidc_host}:sub" = v.sub
          }
        }
      }]
    }
  }
}

resource "aws_iam_role" "deploy" {
  for_each = toset(local.regions)

  name                 = "charter-deploy-${each.key}"
  description          = "GitHub Actions, environment ${each.key}: applies regions/${each.key}, pushes its image, rolls out its service"
  assume_role_policy   = jsonencode(local.trust_policies["deploy-${each.key}"])
  max_session_duration = var.deploy_session_seconds

  tags = merge(local.tags, { "charter:region" = each.key })

  depends_on = [aws_iam_openid_connect_provider.github]
}

resource "aws_iam_role" "plan" {
  for_each = toset(local.regions)

  name                 = "charter-plan-${each.key}"
  description          = "GitHub Actions, environment ${each.key}-plan: terraform plan of regions/${each.key} (read, state lock, saved plan)"
  assume_role_policy   = jsonencode(local.trust_policies["plan-${each.key}"])
  max_session_duration = 3600

  tags = merge(local.tags, { "charter:region" = each.key })

  depends_on = [aws_iam_openid_connect_provider.github]
}

# Managed policies (6,144 characters each), one per concern, so each stays
# readable and under the limit; tests/ checks the sizes.
resource "aws_iam_policy" "deploy" {
  for_each = local.deploy_policy_documents

  name        = "charter-deploy-${replace(each.key, "/", "-")}"
  description = "Charter deploy role ${split("/", each.key)[0]}: ${split("/", each.key)[1]}"
  policy      = jsonencode(each.value)
  tags        = local.tags
}

resource "aws_iam_role_policy_attachment" "deploy" {
  for_each = local.deploy_policy_documents

  role       = aws_iam_role.deploy[split("/", each.key)[0]].name
  policy_arn = aws_iam_policy.deploy[each.key].arn
}

resource "aws_iam_policy" "plan" {
  for_each = local.plan_policy_documents

  name        = "charter-plan-${each.key}"
  description = "Charter plan role ${each.key}: read-only refresh, state lock, saved plan"
  policy      = jsonencode(each.value)
  tags        = local.tags
}

resource "aws_iam_role_policy_attachment" "plan" {
  for_each = local.plan_policy_documents

  role       = aws_iam_role.plan[each.key].name
  policy_arn = aws_iam_policy.plan[each.key].arn
}
