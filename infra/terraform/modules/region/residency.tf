################################################################################
# Residency and region guards
#
# These run at plan time. A root that serves a country whose law demands that
# personal data stay inside the country, from a region outside that country,
# cannot be planned, whatever its variables say: the table lives here, in the
# module, not in the roots.
################################################################################

locals {
  # Countries whose law requires in-country storage, and the AWS regions that
  # satisfy it. An empty list means no AWS region does: the country can only be
  # served by a deployment outside this module.
  #
  # SA - Saudi PDPL (Royal Decree M/19 of 1443H) Art. 29 and the Regulation on
  #      Personal Data Transfer outside the Kingdom: transfers abroad only under
  #      the listed conditions; Charter's product decision is to keep Saudi data
  #      in-country. AWS had no generally available region inside the Kingdom
  #      when this was written (provider 5.100 knows none), so the Saudi root is
  #      me-central-1 (UAE), the nearest region, as the deployment plan names it.
  #      When AWS opens its Saudi region, add its code here and REMOVE
  #      me-central-1, so the Saudi root must move. Until then the operator's
  #      DPO documents the Art. 29 transfer basis.
  # CN - PIPL Art. 40 (critical information infrastructure operators and
  #      processors above the CAC volume thresholds store personal information
  #      in China; export needs a CAC security assessment) and Cybersecurity Law
  #      Art. 37: only the AWS China regions qualify.
  # RU - Federal Law 152-FZ Art. 18(5) (as amended by 242-FZ): the primary
  #      database of Russian citizens' personal data must be located in Russia.
  #      No AWS region is in Russia, so no root of this module may serve RU.
  in_country_residency = {
    SA = ["me-central-1"]
    CN = ["cn-north-1", "cn-northwest-1"]
    RU = []
  }

  residency_violations = [
    for c in var.countries : c
    if contains(keys(local.in_country_residency), c) && !contains(lookup(local.in_country_residency, c, []), var.region)
  ]
}

resource "terraform_data" "residency_guard" {
  input = {
    region    = var.region
    countries = var.countries
  }

  lifecycle {
    precondition {
      condition = length(local.residency_violations) == 0
      error_message = format(
        "Residency: %s must be served from inside the country, not from %s. Allowed regions: %s. See residency.tf for the statutes.",
        join(", ", local.residency_violations),
        var.region,
        join("; ", [for c in local.residency_violations : "${c} -> [${join(", ", local.in_country_residency[c])}]"]),
      )
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
