output "oidc_provider_arn" {
  description = "The GitHub Actions OIDC identity provider."
  value       = aws_iam_openid_connect_provider.github.arn
}

output "regions" {
  description = "Per region, what its GitHub environments and its root need: the environment variables AWS_DEPLOY_ROLE_ARN (environment <region>), AWS_PLAN_ROLE_ARN (environment <region>-plan) and TF_STATE_BUCKET (both), and admin_role_arns for its tfvars."
  value = { for r in local.regions : r => {
    github_environments = {
      (r)         = { AWS_DEPLOY_ROLE_ARN = aws_iam_role.deploy[r].arn, TF_STATE_BUCKET = local.state_buckets[r] }
      "${r}-plan" = { AWS_PLAN_ROLE_ARN = aws_iam_role.plan[r].arn, TF_STATE_BUCKET = local.state_buckets[r] }
    }
    state_bucket    = local.state_buckets[r]
    state_key       = "charter/${r}.tfstate"
    admin_role_arns = [aws_iam_role.deploy[r].arn, aws_iam_role.plan[r].arn]
  } }
}
