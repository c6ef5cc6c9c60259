# Invariants of the bootstrap root, planned offline against mocked AWS
# providers (nothing calls AWS): each region's roles trust exactly one GitHub
# environment of one repository, no policy is an admin wildcard, every
# regional permission is pinned to its region, and the state buckets are
# private, versioned and encrypted. Run with `terraform test` here, or
# scripts/check-terraform.sh.

mock_provider "aws" {
  override_during = plan

  mock_data "aws_caller_identity" {
    defaults = { account_id = "111122223333" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws", dns_suffix = "amazonaws.com" }
  }
  mock_resource "aws_iam_openid_connect_provider" {
    defaults = { arn = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" }
  }
  mock_resource "aws_iam_policy" {
    defaults = { arn = "arn:aws:iam::111122223333:policy/charter-mock" }
  }
}

mock_provider "aws" {
  alias           = "eu_central_1"
  override_during = plan

  mock_resource "aws_s3_bucket" {
    defaults = { arn = "arn:aws:s3:::charter-tfstate-eu-central-1-111122223333" }
  }
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:eu-central-1:111122223333:key/00000000-0000-4000-8000-000000000001" }
  }
}
mock_provider "aws" {
  alias           = "us_east_1"
  override_during = plan

  mock_resource "aws_s3_bucket" {
    defaults = { arn = "arn:aws:s3:::charter-tfstate-us-east-1-111122223333" }
  }
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-000000000001" }
  }
}
mock_provider "aws" {
  alias           = "me_central_1"
  override_during = plan

  mock_resource "aws_s3_bucket" {
    defaults = { arn = "arn:aws:s3:::charter-tfstate-me-central-1-111122223333" }
  }
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:me-central-1:111122223333:key/00000000-0000-4000-8000-000000000001" }
  }
}
mock_provider "aws" {
  alias           = "ap_southeast_1"
  override_during = plan

  mock_resource "aws_s3_bucket" {
    defaults = { arn = "arn:aws:s3:::charter-tfstate-ap-southeast-1-111122223333" }
  }
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:ap-southeast-1:111122223333:key/00000000-0000-4000-8000-000000000001" }
  }
}

variables {
  github_repository   = "example-org/charter"
  allowed_account_ids = ["111122223333"]
}

run "github_oidc_provider" {
  command = plan

  assert {
    condition     = aws_iam_openid_connect_provider.github.url == "https://token.actions.githubusercontent.com"
    error_message = "The OIDC provider must be GitHub Actions'."
  }
  assert {
    condition     = aws_iam_openid_connect_provider.github.client_id_list == toset(["sts.amazonaws.com"])
    error_message = "The OIDC audience must be sts.amazonaws.com only."
  }
}

run "every_root_has_a_deploy_role_a_plan_role_and_a_state_bucket" {
  command = plan

  assert {
    condition     = toset(keys(aws_iam_role.deploy)) == toset(local.region_roots) && toset(keys(aws_iam_role.plan)) == toset(local.region_roots)
    error_message = "Each root under regions/ has exactly one deploy role and one plan role."
  }
  assert {
    condition = alltrue([
      module.state_eu_central_1.bucket == "charter-tfstate-eu-central-1-111122223333",
      module.state_us_east_1.bucket == "charter-tfstate-us-east-1-111122223333",
      module.state_me_central_1.bucket == "charter-tfstate-me-central-1-111122223333",
      module.state_ap_southeast_1.bucket == "charter-tfstate-ap-southeast-1-111122223333",
    ])
    error_message = "Each region's state bucket is named after its region and the account."
  }
}

run "deploy_roles_trust_only_their_region_environment" {
  command = plan

  assert {
    condition = alltrue([for r, role in aws_iam_role.deploy : (
      length(jsondecode(role.assume_role_policy).Statement) == 1 &&
      jsondecode(role.assume_role_policy).Statement[0].Effect == "Allow" &&
      jsondecode(role.assume_role_policy).Statement[0].Action == "sts:AssumeRoleWithWebIdentity" &&
      jsondecode(role.assume_role_policy).Statement[0].Principal == { Federated = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" } &&
      jsondecode(role.assume_role_policy).Statement[0].Condition == {
        StringEquals = {
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
          "token.actions.githubusercontent.com:sub" = "repo:example-org/charter:environment:${r}"
        }
      }
    )])
    error_message = "charter-deploy-<region> must trust only repo:example-org/charter:environment:<region> (exact match, audience sts.amazonaws.com)."
  }
  assert {
    condition     = aws_iam_role.deploy["me-central-1"].name == "charter-deploy-me-central-1" && aws_iam_role.deploy["me-central-1"].max_session_duration == 7200
    error_message = "Deploy roles are named charter-deploy-<region> and last long enough for a first apply."
  }
}

run "plan_roles_trust_only_their_plan_environment" {
  command = plan

  assert {
    condition = alltrue([for r, role in aws_iam_role.plan :
      jsondecode(role.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"] == "repo:example-org/charter:environment:${r}-plan"
      && length(jsondecode(role.assume_role_policy).Statement) == 1
      && jsondecode(role.assume_role_policy).Statement[0].Action == "sts:AssumeRoleWithWebIdentity"
    ])
    error_message = "charter-plan-<region> must trust only repo:example-org/charter:environment:<region>-plan."
  }
}

run "no_wildcard_admin" {
  command = plan

  assert {
    condition = alltrue(flatten([for p in concat(values(aws_iam_policy.deploy), values(aws_iam_policy.plan)) : [
      for s in jsondecode(p.policy).Statement : s.Effect != "Allow" || (
        length(try(s.NotAction, [])) == 0 &&
        length(try(s.NotResource, [])) == 0 &&
        alltrue([for a in flatten([try(s.Action, [])]) : a != "*" && !endswith(a, ":*")])
      )
    ]]))
    error_message = "No Allow statement may grant \"*\", \"<service>:*\", NotAction or NotResource."
  }
  assert {
    condition = alltrue(flatten([for p in concat(values(aws_iam_policy.deploy), values(aws_iam_policy.plan)) : [
      for s in jsondecode(p.policy).Statement : s.Effect != "Allow" || alltrue([
        for a in flatten([try(s.Action, [])]) : !startswith(a, "iam:") || alltrue([for res in flatten([try(s.Resource, [])]) : res != "*"])
      ])
    ]]))
    error_message = "IAM actions must name their resources."
  }
  assert {
    condition = alltrue(concat(
      [for a in aws_iam_role_policy_attachment.deploy : a.policy_arn == "arn:aws:iam::111122223333:policy/charter-mock"],
      [for a in aws_iam_role_policy_attachment.plan : a.policy_arn == "arn:aws:iam::111122223333:policy/charter-mock"],
    ))
    error_message = "Only the policies defined here are attached (no AWS managed policy such as AdministratorAccess)."
  }
  assert {
    condition     = alltrue([for p in concat(values(aws_iam_policy.deploy), values(aws_iam_policy.plan)) : length(p.policy) < 6144])
    error_message = "Each managed policy must stay under IAM's 6,144-character limit."
  }
}

run "iam_limited_to_the_regions_own_service_roles" {
  command = plan

  assert {
    condition = alltrue(flatten([for k, p in aws_iam_policy.deploy : [
      for s in jsondecode(p.policy).Statement : s.Effect != "Allow" || !anytrue([for a in flatten([try(s.Action, [])]) : startswith(a, "iam:")]) || alltrue([
        for res in flatten([try(s.Resource, [])]) : startswith(res, "arn:aws:iam::111122223333:role/charter-${split("/", k)[0]}-") || res == "arn:aws:iam::111122223333:role/aws-service-role/*"
      ])
    ]]))
    error_message = "A deploy role may only manage charter-<its region>-* roles (and create service-linked roles)."
  }
  assert {
    condition = alltrue(flatten([for k, p in aws_iam_policy.deploy : [
      for s in jsondecode(p.policy).Statement : s.Effect != "Allow" || !contains(flatten([try(s.Action, [])]), "iam:PassRole") || (
        try(s.Condition, null) == { StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" } }
      )
    ]]))
    error_message = "iam:PassRole only to ECS tasks."
  }
}

run "regional_permissions_pinned_to_their_region" {
  command = plan

  assert {
    condition = alltrue(flatten([for k, p in aws_iam_policy.deploy : [
      for s in jsondecode(p.policy).Statement : s.Effect != "Allow" || alltrue([for a in flatten([try(s.Action, [])]) : startswith(a, "iam:")]) ||
      flatten([try(s.Action, [])]) == ["route53:AssociateVPCWithHostedZone"] ||
      try(s.Condition.StringEquals["aws:RequestedRegion"], "") == split("/", k)[0]
    ]]))
    error_message = "Every non-IAM Allow of a deploy role requires aws:RequestedRegion = its region (the Route 53 association of endpoint private DNS aside)."
  }
  assert {
    condition = alltrue(flatten([for r, p in aws_iam_policy.plan : [
      for s in jsondecode(p.policy).Statement : s.Effect != "Allow" || alltrue([for a in flatten([try(s.Action, [])]) : startswith(a, "iam:")]) ||
      try(s.Condition.StringEquals["aws:RequestedRegion"], "") == r
    ]]))
    error_message = "Every non-IAM Allow of a plan role requires aws:RequestedRegion = its region."
  }
  assert {
    condition = alltrue([for r in keys(aws_iam_role.deploy) : contains([
      for s in jsondecode(aws_iam_policy.deploy["${r}/state"].policy).Statement : s.Sid if s.Effect == "Deny" && try(s.Condition, null) == { StringNotEquals = { "aws:RequestedRegion" = r } }
    ], "DenyOtherRegions")])
    error_message = "Each deploy role explicitly denies every other region."
  }
  assert {
    condition = alltrue(flatten([for k, p in aws_iam_policy.deploy : [
      for s in jsondecode(p.policy).Statement : [
        for res in flatten([try(s.Resource, [])]) : !strcontains(res, ":ecr:") || res == "arn:aws:ecr:${split("/", k)[0]}:111122223333:repository/charter"
      ]
    ]]))
    error_message = "A deploy role pushes only to its own region's repository."
  }
}

run "plan_roles_only_read" {
  command = plan

  assert {
    condition = alltrue(flatten([for r, p in aws_iam_policy.plan : [
      for s in jsondecode(p.policy).Statement : s.Effect != "Allow" || alltrue([
        for a in flatten([try(s.Action, [])]) : can(regex("^[a-z0-9-]+:(Describe|Get|List)", a)) || (
          contains(["s3:PutObject", "s3:DeleteObject", "kms:Encrypt", "kms:GenerateDataKey", "kms:Decrypt"], a) &&
          alltrue([for res in flatten([try(s.Resource, [])]) : endswith(res, ".tfstate.tflock") || endswith(res, "/plans/${r}/*") || startswith(res, "arn:aws:kms:${r}:")])
        )
      ])
    ]]))
    error_message = "A plan role only reads, besides the state lock and its saved plans."
  }
  assert {
    condition = alltrue([for r, p in aws_iam_policy.plan : contains([
      for s in jsondecode(p.policy).Statement : s.Sid if s.Effect == "Deny" && contains(try(s.Action, []), "kms:ScheduleKeyDeletion") && contains(try(s.Action, []), "kms:Put*")
    ], "PlanRoleNeverChangesOrUsesKeys")])
    error_message = "A plan role (listed as a key admin to read the region key) is denied every key change."
  }
}

run "state_buckets_private_versioned_encrypted" {
  command = plan

  assert {
    condition = alltrue([for m in [module.state_eu_central_1, module.state_us_east_1, module.state_me_central_1, module.state_ap_southeast_1] : (
      m.protections.versioning == "Enabled" &&
      m.protections.sse_algorithm == "aws:kms" &&
      m.protections.public_access == [true, true, true, true] &&
      m.protections.deny_insecure_http == [{ Bool = { "aws:SecureTransport" = "false" } }] &&
      m.protections.key_rotation == true &&
      m.protections.force_destroy == false
    )])
    error_message = "State buckets: versioned, SSE-KMS, no public access, TLS only, rotated key, never force-destroyed."
  }
}

run "a_wildcard_repository_is_refused" {
  command = plan

  variables {
    github_repository = "example-org/*"
  }

  expect_failures = [var.github_repository]
}

run "home_region_must_hold_a_state_bucket" {
  command = plan

  variables {
    home_region = "eu-west-3"
  }

  expect_failures = [terraform_data.every_root_bootstrapped]
}

run "deploy_roles_cover_every_resource_type_of_the_region_module" {
  command = plan

  assert {
    condition     = length(local.region_module_resource_types) > 30 && length(local.resource_types_without_deploy_calls) == 0
    error_message = "Resource types of modules/region with no entry in coverage.tf (add the calls that manage them, and allow them in policies.tf): ${join(", ", local.resource_types_without_deploy_calls)}"
  }
  assert {
    condition     = alltrue([for r, missing in local.deploy_calls_not_allowed : length(missing) == 0])
    error_message = "Calls coverage.tf needs that a deploy role is not allowed: ${jsonencode(local.deploy_calls_not_allowed)}"
  }
}

run "pipeline_roles_never_read_the_federation_private_key" {
  command = plan

  assert {
    condition = alltrue([for r in local.regions : alltrue([
      for p in concat([for k, p in aws_iam_policy.deploy : p if startswith(k, "${r}/")], [aws_iam_policy.plan[r]]) : anytrue([
        for s in jsondecode(p.policy).Statement :
        s.Effect == "Deny" && try(s.Action, null) == ["secretsmanager:GetSecretValue"] && try(s.Resource, null) == "arn:aws:secretsmanager:${r}:111122223333:secret:charter-${r}/federation-private-key-*"
      ])
      if length([for s in jsondecode(p.policy).Statement : s if contains(flatten([try(s.Action, [])]), "secretsmanager:GetSecretValue") && s.Effect == "Allow"]) > 0
    ])])
    error_message = "Every pipeline policy that may read secrets is denied the region's federation private key."
  }
}
