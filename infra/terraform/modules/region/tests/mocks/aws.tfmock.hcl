# Mocked AWS values shared by the module's tests: ARNs and ids in the shapes
# the provider validates, so plans and applies under the mock look real.

mock_data "aws_region" {
  defaults = {
    name = "eu-central-1"
  }
}

mock_data "aws_partition" {
  defaults = {
    partition  = "aws"
    dns_suffix = "amazonaws.com"
  }
}

mock_data "aws_caller_identity" {
  defaults = {
    account_id = "111122223333"
  }
}

mock_data "aws_availability_zones" {
  defaults = {
    names = ["zone-a", "zone-b", "zone-c"]
  }
}

mock_resource "aws_kms_key" {
  defaults = {
    arn    = "arn:aws:kms:eu-central-1:111122223333:key/0b5e7d2a-1111-4c2e-9c7f-000000000001"
    key_id = "0b5e7d2a-1111-4c2e-9c7f-000000000001"
  }
}

mock_resource "aws_s3_bucket" {
  defaults = {
    arn = "arn:aws:s3:::charter-eu-central-1-ledger-111122223333"
    id  = "charter-eu-central-1-ledger-111122223333"
  }
}

mock_resource "aws_db_instance" {
  defaults = {
    address = "charter-eu-central-1.abcdefghij.eu-central-1.rds.amazonaws.com"
    master_user_secret = [{
      secret_arn    = "arn:aws:secretsmanager:eu-central-1:111122223333:secret:rds!db-0000-AbCdEf"
      kms_key_id    = "arn:aws:kms:eu-central-1:111122223333:key/0b5e7d2a-1111-4c2e-9c7f-000000000001"
      secret_status = "active"
    }]
    resource_id = "db-ABCDEFGHIJKLMNOPQRSTUVWXYZ"
  }
}

mock_resource "aws_ecr_repository" {
  defaults = {
    arn            = "arn:aws:ecr:eu-central-1:111122223333:repository/charter"
    repository_url = "111122223333.dkr.ecr.eu-central-1.amazonaws.com/charter"
  }
}

mock_resource "aws_cloudwatch_log_group" {
  defaults = {
    arn = "arn:aws:logs:eu-central-1:111122223333:log-group:/charter/eu-central-1"
  }
}

mock_resource "aws_lb" {
  defaults = {
    arn        = "arn:aws:elasticloadbalancing:eu-central-1:111122223333:loadbalancer/app/charter-eu-central-1/50dc6c495c0c9188"
    arn_suffix = "app/charter-eu-central-1/50dc6c495c0c9188"
  }
}

mock_resource "aws_lb_target_group" {
  defaults = {
    arn        = "arn:aws:elasticloadbalancing:eu-central-1:111122223333:targetgroup/charter-eu-central-1/73e2d6bc24d8a067"
    arn_suffix = "targetgroup/charter-eu-central-1/73e2d6bc24d8a067"
  }
}

mock_resource "aws_iam_role" {
  defaults = {
    arn = "arn:aws:iam::111122223333:role/charter-eu-central-1-mock"
  }
}

mock_resource "aws_lb_listener" {
  defaults = {
    arn = "arn:aws:elasticloadbalancing:eu-central-1:111122223333:listener/app/charter-eu-central-1/50dc6c495c0c9188/f2f7dc8efc522ab2"
  }
}
