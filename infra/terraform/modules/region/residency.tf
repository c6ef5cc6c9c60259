################################################################################
# Residency and region guards
#
# The countries a deployment serves are not an input: they come from the one
# residency table, src/main/resources/jurisdictions/residency.json, which the
# service also reads (packaged into the image). The residency module checks
# the table against the in-country laws it records (Saudi PDPL, PIPL, 152-FZ,
# ...) and returns this region's countries; a country has one entry naming one
# region, so no two deployments can serve it. No root can pass another table.
################################################################################

module "residency" {
  source = "../residency"

  table_json = file("${path.module}/../../../../src/main/resources/jurisdictions/residency.json")
  region     = var.region
}

locals {
  countries = module.residency.countries
}

# A deployment in a region the table gives no country would serve nobody (and
# its service would refuse to start without charter.countries): refuse the plan.
resource "terraform_data" "residency_guard" {
  input = {
    region    = var.region
    countries = local.countries
  }

  lifecycle {
    precondition {
      condition     = length(local.countries) > 0
      error_message = "Residency: the residency table (src/main/resources/jurisdictions/residency.json) assigns no country to ${var.region}. Assign its countries there (the table's checks then apply), or remove this deployment. Regions with countries: ${join(", ", module.residency.regions)}."
    }
  }
}

# The region the provider really talks to must be the region the root declares:
# a root whose provider points elsewhere (a copy-pasted root, AWS_REGION set in
# the shell) would otherwise build a "me-central-1" deployment somewhere else.
resource "terraform_data" "region_pin" {
  input = var.region

  lifecycle {
    precondition {
      condition     = data.aws_region.current.name == var.region
      error_message = "Region pin: the aws provider is configured for ${data.aws_region.current.name} but this deployment declares region ${var.region}."
    }
  }
}
