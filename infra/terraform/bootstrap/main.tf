# Bootstrap: what must exist before the first region can be deployed from
# GitHub Actions, applied once by an administrator with their own credentials.
#
#  - the GitHub Actions OIDC identity provider (no long-lived AWS keys anywhere);
#  - per region <r> in local.regions:
#      charter-deploy-<r>: assumed only by jobs of var.github_repository that run
#        in the GitHub environment <r> (required reviewers); may apply
#        regions/<r>, push to that region's ECR repository and watch its ECS
#        service, and nothing in any other region (policies.tf);
#      charter-plan-<r>: assumed only from the environment <r>-plan; reads
#        what `terraform plan` refreshes, writes only the state lock and the
#        saved plan;
#      charter-tfstate-<r>-<account>: the state bucket of regions/<r>, in <r>.
#
# Adding a region: add it to local.regions, give it a provider alias and a
# module "state_<r>" below, apply, then create its GitHub environments
# (infra/README.md). tests/bootstrap.tftest.hcl fails while a root under
# ../regions has no entry here.

locals {
  regions = ["eu-central-1", "us-east-1", "me-central-1", "ap-southeast-1"]

  partition  = data.aws_partition.current.partition
  account_id = data.aws_caller_identity.current.account_id

  github_oidc_host = "token.actions.githubusercontent.com"
  # Built, not read from the resource, so the trust policies are known at plan.
  github_oidc_provider_arn = "arn:${local.partition}:iam::${local.account_id}:oidc-provider/${local.github_oidc_host}"

  state_buckets = { for r in local.regions : r => "charter-tfstate-${r}-${local.account_id}" }

  # Roots found next to this one: each must have its roles and state bucket.
  region_roots = sort([for f in fileset("${path.module}/../regions", "*/main.tf") : dirname(f)])

  tags = {
    Project   = "charter"
    ManagedBy = "terraform"
    Component = "bootstrap"
  }
}

provider "aws" {
  region              = var.home_region
  allowed_account_ids = var.allowed_account_ids
  default_tags {
    tags = local.tags
  }
}

provider "aws" {
  alias               = "eu_central_1"
  region              = "eu-central-1"
  allowed_account_ids = var.allowed_account_ids
  default_tags {
    tags = local.tags
  }
}

provider "aws" {
  alias               = "us_east_1"
  region              = "us-east-1"
  allowed_account_ids = var.allowed_account_ids
  default_tags {
    tags = local.tags
  }
}

provider "aws" {
  alias               = "me_central_1"
  region              = "me-central-1"
  allowed_account_ids = var.allowed_account_ids
  default_tags {
    tags = local.tags
  }
}

provider "aws" {
  alias               = "ap_southeast_1"
  region              = "ap-southeast-1"
  allowed_account_ids = var.allowed_account_ids
  default_tags {
    tags = local.tags
  }
}

data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}

resource "terraform_data" "every_root_bootstrapped" {
  input = local.region_roots

  lifecycle {
    precondition {
      condition     = length(setsubtract(local.region_roots, local.regions)) == 0
      error_message = "Roots without deploy roles and state bucket: ${join(", ", setsubtract(local.region_roots, local.regions))}. Add them to local.regions (and a provider alias and module \"state_*\") in bootstrap/main.tf."
    }
    precondition {
      condition     = contains(local.regions, var.home_region)
      error_message = "home_region must be one of ${join(", ", local.regions)}: the bootstrap's state lives in that region's state bucket."
    }
  }
}

################################################################################
# GitHub Actions OIDC
################################################################################

resource "aws_iam_openid_connect_provider" "github" {
  url            = "https://${local.github_oidc_host}"
  client_id_list = ["sts.amazonaws.com"]
  # AWS trusts GitHub's OIDC endpoint through its own CA library and ignores
  # thumbprints for it; one is still given for tools that require the field.
  thumbprint_list = ["6938fd4d98bab03faadb97b34396831e3780aea1"]
}

################################################################################
# State buckets, one per region
################################################################################

module "state_eu_central_1" {
  source    = "./modules/state-bucket"
  providers = { aws = aws.eu_central_1 }
  region    = "eu-central-1"
  bucket    = local.state_buckets["eu-central-1"]
  tags      = local.tags
}

module "state_us_east_1" {
  source    = "./modules/state-bucket"
  providers = { aws = aws.us_east_1 }
  region    = "us-east-1"
  bucket    = local.state_buckets["us-east-1"]
  tags      = local.tags
}

module "state_me_central_1" {
  source    = "./modules/state-bucket"
  providers = { aws = aws.me_central_1 }
  region    = "me-central-1"
  bucket    = local.state_buckets["me-central-1"]
  tags      = local.tags
}

module "state_ap_southeast_1" {
  source    = "./modules/state-bucket"
  providers = { aws = aws.ap_southeast_1 }
  region    = "ap-southeast-1"
  bucket    = local.state_buckets["ap-southeast-1"]
  tags      = local.tags
}
