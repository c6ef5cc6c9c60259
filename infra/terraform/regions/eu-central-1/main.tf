# Frankfurt: GDPR and UK GDPR users.

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

  region = local.region
  countries = [
    # GDPR: the 27 EU member states and the EEA (IS, LI, NO); UK GDPR (GB), whose
    # adequacy regulations cover storage in the EEA.
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
    "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    "IS", "LI", "NO",
    "GB",
  ]

  certificate_arn        = var.certificate_arn
  admin_role_arns        = var.admin_role_arns
  image_tag              = var.image_tag
  jwt_issuer             = var.jwt_issuer
  jwt_publickey_location = var.jwt_publickey_location
  jwt_audiences          = var.jwt_audiences
}
