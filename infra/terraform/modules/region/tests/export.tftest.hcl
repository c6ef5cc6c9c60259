# What the service task gets (environment names and values, secret names),
# applied under a mocked AWS provider: scripts/task-environment.sh passes
# -var task_environment_file=<path>, and security/ProdShapedIT starts the
# packaged app with exactly that. Unnamed computed values are mock strings.

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  region                     = "eu-central-1"
  certificate_arn            = "arn:aws:acm:eu-central-1:111122223333:certificate/6f1f5bb0-0000-4000-8000-000000000001"
  admin_role_arns            = ["arn:aws:iam::111122223333:role/charter-deploy"]
  key_policy_admin_role_arns = ["arn:aws:iam::111122223333:role/charter-key-policy"]
  image_tag                  = "1.0.0"
  jwt_issuer                 = "https://id.example.com/"
  jwt_publickey_location     = "https://id.example.com/.well-known/jwks.json"
  jwt_audiences              = ["charter-api"]
  idp_egress_cidr_blocks     = ["198.51.100.0/24"]
}

run "task_environment" {
  command = apply

  module {
    source = "./tests/export"
  }

  providers = {
    aws = aws
  }

  assert {
    condition     = output.task.environment["CHARTER_KEYS_PROVIDER"] == "aws-kms" && toset(output.task.secrets) == toset(["CHARTER_KEYS_RECEIPT_PRIVATE_KEY", "CHARTER_AUDIT_CHECKPOINT_KEY"])
    error_message = "The export names the service's environment and its secrets, never a secret's value."
  }
}
