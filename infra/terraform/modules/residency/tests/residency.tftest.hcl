# The residency table and its law checks, offline (no provider at all).

variables {
  table_json = file("../../../../src/main/resources/jurisdictions/residency.json")
  region     = "eu-central-1"
}

run "the_shipped_table_is_lawful_and_serves_each_region_its_countries" {
  command = plan

  assert {
    condition     = contains(output.countries, "DE") && contains(output.countries, "GB") && !contains(output.countries, "SA")
    error_message = "eu-central-1 serves the GDPR and UK GDPR countries, and not Saudi Arabia."
  }

  assert {
    condition     = output.directory["SA"] == "me-central-1" && output.directory["US"] == "us-east-1" && output.directory["SG"] == "ap-southeast-1"
    error_message = "SA, US and SG are served from their regions."
  }

  assert {
    condition     = !contains(keys(output.directory), "CN") && !contains(keys(output.directory), "RU")
    error_message = "No deployment serves CN or RU."
  }

  assert {
    condition     = contains(output.regions, "me-central-1") && !contains(output.regions, "cn-north-1")
    error_message = "Regions are those some country is served from."
  }
}

run "a_region_without_countries_gets_none" {
  command = plan

  variables {
    region = "eu-west-1"
  }

  assert {
    condition     = length(output.countries) == 0
    error_message = "The table assigns no country to eu-west-1."
  }
}

run "saudi_arabia_served_from_eu_west_1_is_refused" {
  command = plan

  variables {
    table_json = jsonencode({ countries = {
      DE = { region = "eu-west-1" }
      SA = { region = "eu-west-1", inCountry = { regions = ["me-central-1"], source = "Saudi PDPL Art. 29: in-country" } }
    } })
  }

  expect_failures = [var.table_json]
}

run "china_served_from_singapore_is_refused" {
  command = plan

  variables {
    table_json = jsonencode({ countries = {
      SG = { region = "ap-southeast-1" }
      CN = { region = "ap-southeast-1", inCountry = { regions = ["cn-north-1", "cn-northwest-1"], source = "PIPL Art. 40" } }
    } })
  }

  expect_failures = [var.table_json]
}

run "russia_cannot_be_served_from_any_aws_region" {
  command = plan

  variables {
    table_json = jsonencode({ countries = {
      RU = { region = "eu-central-1", inCountry = { regions = [], source = "152-FZ Art. 18(5)" } }
    } })
  }

  expect_failures = [var.table_json]
}

run "a_country_listed_twice_is_refused" {
  command = plan

  variables {
    table_json = <<-JSON
      {"countries": {
        "DE": {"region": "eu-central-1"},
        "FR": {"region": "eu-central-1"},
        "DE": {"region": "us-east-1"}
      }}
    JSON
  }

  expect_failures = [var.table_json]
}

run "an_in_country_rule_needs_its_statute" {
  command = plan

  variables {
    table_json = jsonencode({ countries = {
      SA = { region = "me-central-1", inCountry = { regions = ["me-central-1"], source = "" } }
    } })
  }

  expect_failures = [var.table_json]
}

run "countries_are_iso_codes_and_regions_aws_regions" {
  command = plan

  variables {
    table_json = jsonencode({ countries = {
      de = { region = "frankfurt" }
    } })
  }

  expect_failures = [var.table_json]
}
