# Test fixture: the region module under the mocked provider of
# tests/region.tftest.hcl, writing what its service task gets (environment
# names and values, secret names) to a JSON file. scripts/task-environment.sh
# runs it for the prod-shaped test of the packaged app
# (security/ProdShapedIT), so that test starts the app with exactly what the
# task definition gives it. Without a file name it writes nothing.

terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

variable "region" { type = string }
variable "certificate_arn" { type = string }
variable "admin_role_arns" { type = list(string) }
variable "key_policy_admin_role_arns" { type = list(string) }
variable "image_tag" { type = string }
variable "jwt_issuer" { type = string }
variable "jwt_publickey_location" { type = string }
variable "jwt_audiences" { type = list(string) }
variable "idp_egress_cidr_blocks" { type = list(string) }

variable "task_environment_file" {
  type    = string
  default = ""
}

module "region" {
  source = "../.."

  region                     = var.region
  certificate_arn            = var.certificate_arn
  admin_role_arns            = var.admin_role_arns
  key_policy_admin_role_arns = var.key_policy_admin_role_arns
  image_tag                  = var.image_tag
  jwt_issuer                 = var.jwt_issuer
  jwt_publickey_location     = var.jwt_publickey_location
  jwt_audiences              = var.jwt_audiences
  idp_egress_cidr_blocks     = var.idp_egress_cidr_blocks
}

locals {
  task = {
    environment = module.region.container_environment
    secrets     = module.region.container_secret_names
  }
}

resource "terraform_data" "export" {
  count = var.task_environment_file == "" ? 0 : 1
  input = jsonencode(local.task)

  provisioner "local-exec" {
    command     = "printf '%s' \"$TASK\" > \"$TASK_FILE\""
    environment = { TASK = self.input, TASK_FILE = var.task_environment_file }
  }
}

output "task" {
  value = local.task
}
