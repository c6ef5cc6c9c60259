# The shipped roots under infra/terraform/regions plan cleanly through the
# module's guards: each one serves its countries from its own region.

mock_provider "aws" {
  override_during = plan

  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "111122223333"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition  = "aws"
      dns_suffix = "amazonaws.com"
    }
  }

  mock_data "aws_availability_zones" {
    defaults = {
      names = ["zone-a", "zone-b", "zone-c"]
    }
  }
}

variables {
  allowed_account_ids    = ["111122223333"]
  admin_role_arns        = ["arn:aws:iam::111122223333:role/charter-deploy"]
  image_tag              = "1.0.0"
  jwt_issuer             = "https://id.example.com/"
  jwt_publickey_location = "https://id.example.com/.well-known/jwks.json"
  jwt_audiences          = ["charter-api"]
}

run "eu_central_1_serves_gdpr_countries" {
  command = plan

  module {
    source = "../../regions/eu-central-1"
  }

  override_data {
    target = module.region.data.aws_region.current
    values = { name = "eu-central-1" }
  }

  variables {
    certificate_arn = "arn:aws:acm:eu-central-1:111122223333:certificate/00000000-0000-4000-8000-000000000001"
  }

  assert {
    condition     = module.region.region == "eu-central-1" && contains(module.region.countries, "DE") && !contains(module.region.countries, "SA")
    error_message = "eu-central-1 serves the GDPR countries."
  }
}

run "us_east_1_serves_the_us" {
  command = plan

  module {
    source = "../../regions/us-east-1"
  }

  override_data {
    target = module.region.data.aws_region.current
    values = { name = "us-east-1" }
  }

  variables {
    certificate_arn = "arn:aws:acm:us-east-1:111122223333:certificate/00000000-0000-4000-8000-000000000002"
  }

  assert {
    condition     = join(",", module.region.countries) == "US" && module.region.region == "us-east-1"
    error_message = "us-east-1 serves the US."
  }
}

run "me_central_1_serves_saudi_arabia" {
  command = plan

  module {
    source = "../../regions/me-central-1"
  }

  override_data {
    target = module.region.data.aws_region.current
    values = { name = "me-central-1" }
  }

  variables {
    certificate_arn = "arn:aws:acm:me-central-1:111122223333:certificate/00000000-0000-4000-8000-000000000003"
  }

  assert {
    condition     = join(",", module.region.countries) == "SA" && module.region.region == "me-central-1"
    error_message = "me-central-1 serves Saudi Arabia."
  }
}

run "ap_southeast_1_serves_singapore_and_neighbours" {
  command = plan

  module {
    source = "../../regions/ap-southeast-1"
  }

  override_data {
    target = module.region.data.aws_region.current
    values = { name = "ap-southeast-1" }
  }

  variables {
    certificate_arn = "arn:aws:acm:ap-southeast-1:111122223333:certificate/00000000-0000-4000-8000-000000000004"
  }

  assert {
    condition     = contains(module.region.countries, "SG") && module.region.region == "ap-southeast-1"
    error_message = "ap-southeast-1 serves Singapore."
  }
}
