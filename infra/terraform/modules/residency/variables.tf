variable "table_json" {
  description = "Text of the residency table: {\"countries\": {\"<ISO code>\": {\"region\": \"<AWS region>\" | null, \"inCountry\": {\"regions\": [...], \"source\": \"<statute>\"}}}}."
  type        = string

  validation {
    condition     = can(keys(jsondecode(var.table_json).countries))
    error_message = "The residency table must be a JSON object with a \"countries\" object."
  }

  validation {
    condition     = alltrue([for c in keys(jsondecode(var.table_json).countries) : can(regex("^[A-Z]{2}$", c))])
    error_message = "Residency table keys must be ISO 3166-1 alpha-2 codes in uppercase."
  }

  # JSON parsers keep the last of two equal keys, silently: a country listed
  # twice would be served from whichever entry comes last. Count the keys in
  # the text instead.
  validation {
    condition     = length(regexall("\"[A-Z]{2}\"\\s*:\\s*\\{", var.table_json)) == length(keys(jsondecode(var.table_json).countries))
    error_message = "A country appears twice in the residency table: each country has exactly one entry, naming its one region."
  }

  validation {
    condition = alltrue([
      for c, e in jsondecode(var.table_json).countries :
      try(e.region, null) == null || can(regex("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+$", e.region))
    ])
    error_message = "Every region in the residency table must be an AWS region code (or null: not served)."
  }

  validation {
    condition = alltrue([
      for c, e in jsondecode(var.table_json).countries :
      try(e.inCountry, null) == null || (
        length(trimspace(try(e.inCountry.source, ""))) > 0
        && alltrue([for r in try(e.inCountry.regions, [null]) : can(regex("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+$", r))])
      )
    ])
    error_message = "Every inCountry rule names its statute (source) and the AWS regions inside the country (a list, possibly empty)."
  }

  # The law: a country whose statute demands in-country storage is served
  # from one of the regions inside it, or not at all.
  validation {
    condition = alltrue([
      for c, e in jsondecode(var.table_json).countries :
      try(e.inCountry, null) == null || try(e.region, null) == null || try(contains(e.inCountry.regions, e.region), false)
    ])
    error_message = format(
      "Residency: %s",
      join("; ", [
        for c, e in try(jsondecode(var.table_json).countries, {}) :
        format("%s is served from %s, but %s allows only [%s]", c, e.region, split(":", try(e.inCountry.source, "its law"))[0], join(", ", try(e.inCountry.regions, [])))
        if try(e.inCountry, null) != null && try(e.region, null) != null && !try(contains(e.inCountry.regions, e.region), false)
      ])
    )
  }
}

variable "region" {
  description = "The AWS region whose countries to return."
  type        = string
}
