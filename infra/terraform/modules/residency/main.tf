# The residency table (src/main/resources/jurisdictions/residency.json), checked
# and read for one region. No provider, no resources: every check runs at plan
# (and in `terraform test`) before anything is built. The region module calls
# this with the file itself, so no root can hand it another table.

locals {
  entries = jsondecode(var.table_json).countries

  # country -> region, only for the countries some deployment serves.
  directory = { for country, entry in local.entries : country => entry.region if try(entry.region, null) != null }

  countries = sort([for country, region in local.directory : country if region == var.region])
  regions   = sort(distinct(values(local.directory)))
}
