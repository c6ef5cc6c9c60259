output "countries" {
  description = "Countries the table assigns to var.region, sorted (empty when it assigns none)."
  value       = local.countries
}

output "directory" {
  description = "Every served country and the region serving it."
  value       = local.directory
}

output "regions" {
  description = "Every region the table assigns a country to, sorted: each needs a root under infra/terraform/regions."
  value       = local.regions
}
