# Frankfurt: GDPR and UK GDPR users.
# Its countries are those src/main/resources/jurisdictions/residency.json assigns to this region.

locals {
  region = "eu-central-1"
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

  region = local.region # serves the countries residency.json assigns to it

  certificate_arn            = var.certificate_arn
  admin_role_arns            = var.admin_role_arns
  key_policy_admin_role_arns = var.key_policy_admin_role_arns
  image_tag                  = var.image_tag
  jwt_issuer                 = var.jwt_issuer
  jwt_publickey_location     = var.jwt_publickey_location
  idp_egress_cidr_blocks     = var.idp_egress_cidr_blocks
  jwt_audiences              = var.jwt_audiences

  federation_peers               = var.federation_peers
  federation_url                 = var.federation_url
  federation_public_key          = var.federation_public_key
  federation_ingress_cidr_blocks = var.federation_ingress_cidr_blocks
}
