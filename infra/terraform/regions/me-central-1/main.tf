# Saudi Arabia (PDPL): the residency guard in the module allows SA only in the regions it lists for SA (modules/region/residency.tf).

locals {
  region = "me-central-1"
}

provider "aws" {
  region              = local.region
  allowed_account_ids = var.allowed_account_ids

  default_tags {
    tags = {
      Project   = "charter"
      Region    = local.region
      ManagedBy = "terraform"
    }
  }
}

module "region" {
  source = "../../modules/region"

  region    = local.region
  countries = ["SA"]

  certificate_arn        = var.certificate_arn
  admin_role_arns        = var.admin_role_arns
  image_tag              = var.image_tag
  jwt_issuer             = var.jwt_issuer
  jwt_publickey_location = var.jwt_publickey_location
  jwt_audiences          = var.jwt_audiences
}
