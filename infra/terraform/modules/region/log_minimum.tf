################################################################################
# Minimum retention of access logs
#
# Some laws make a service keep its users' access logs for a minimum time
# (Marco Civil Art. 15: six months; CERT-In and the DPDP Rules: 180 days, then
# a year; Thai Computer Crime Act s. 26: 90 days). Each jurisdiction profile
# states it as logRetention.minimum (an ISO period, null where there is none).
# The load balancer's access logs are the only connection logs Charter keeps
# (client address and time of every request), so their S3 expiry is the one
# deletion the minimum has to hold back: the default is the longest minimum of
# the profiles that govern this region's countries (at least 30 days), and a
# shorter explicit value, or switching the logs off, fails the plan.
################################################################################

locals {
  jurisdictions_dir = "${path.module}/../../../../src/main/resources/jurisdictions"

  # Profiles are the JSON files with an id; residency.json and regions.json have none.
  profiles = [
    for file in sort(fileset(local.jurisdictions_dir, "*.json")) : jsondecode(file("${local.jurisdictions_dir}/${file}"))
    if can(jsondecode(file("${local.jurisdictions_dir}/${file}")).id)
  ]

  served_profiles = [
    for profile in local.profiles : profile
    if length(setintersection(toset(profile.countries), toset(local.countries))) > 0
  ]

  # Days of an ISO period, rounded up: a month counts 31 days, a year 366.
  log_minimums = [
    for profile in local.served_profiles : {
      id     = profile.id
      source = profile.logRetention.source
      days = (
        try(profile.logRetention.minimum, null) == null ? 0 :
        tonumber(regex("^P([0-9]+)[DMY]$", profile.logRetention.minimum)[0]) * lookup(
          { D = 1, M = 31, Y = 366 },
          regex("^P[0-9]+([DMY])$", profile.logRetention.minimum)[0]
        )
      )
    }
  ]

  log_minimum_days = max(0, [for m in local.log_minimums : m.days]...)
  log_minimum_laws = join("; ", [for m in local.log_minimums : "${m.id}: ${m.days} days (${m.source})" if m.days > 0])

  alb_access_log_days = coalesce(var.alb_access_log_retention_days, max(30, local.log_minimum_days))
}

resource "terraform_data" "access_log_minimum" {
  input = {
    minimum_days = local.log_minimum_days
    days         = var.alb_access_logs ? local.alb_access_log_days : 0
  }

  lifecycle {
    precondition {
      condition     = local.log_minimum_days == 0 || (var.alb_access_logs && local.alb_access_log_days >= local.log_minimum_days)
      error_message = "Access logs: the law of this region's countries keeps them at least ${local.log_minimum_days} days (${local.log_minimum_laws}). Keep alb_access_logs on and alb_access_log_retention_days unset or at least ${local.log_minimum_days}."
    }
  }
}
