# Invariants of the region module, planned offline against a mocked AWS
# provider: nothing here calls AWS. Run with `terraform test` in the module.

mock_provider "aws" {
  # Mocked computed values (ARNs, ids) are known at plan time, so the
  # assertions can read the policies and wiring that reference them.
  override_during = plan

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
}

override_resource {
  target          = aws_iam_role.task
  override_during = plan
  values = {
    arn = "arn:aws:iam::111122223333:role/charter-eu-central-1-task"
  }
}

override_resource {
  target          = aws_iam_role.execution
  override_during = plan
  values = {
    arn = "arn:aws:iam::111122223333:role/charter-eu-central-1-execution"
  }
}

override_resource {
  target          = aws_security_group.tasks
  override_during = plan
  values = {
    id = "sg-0tasks"
  }
}

override_resource {
  target          = aws_security_group.db
  override_during = plan
  values = {
    id = "sg-0db"
  }
}

override_resource {
  target          = aws_security_group.alb
  override_during = plan
  values = {
    id = "sg-0alb"
  }
}

override_resource {
  target          = aws_security_group.endpoints
  override_during = plan
  values = {
    id = "sg-0endpoints"
  }
}

# Two secrets of one type: each gets its own ARN, so the assertions can tell them apart.
override_resource {
  target          = aws_secretsmanager_secret.receipt_signing_key
  override_during = plan
  values = {
    arn = "arn:aws:secretsmanager:eu-central-1:111122223333:secret:charter-eu-central-1/receipt-signing-key-AbCdEf"
    id  = "arn:aws:secretsmanager:eu-central-1:111122223333:secret:charter-eu-central-1/receipt-signing-key-AbCdEf"
  }
}

override_resource {
  target          = aws_secretsmanager_secret.checkpoint_key
  override_during = plan
  values = {
    arn = "arn:aws:secretsmanager:eu-central-1:111122223333:secret:charter-eu-central-1/audit-checkpoint-key-GhIjKl"
    id  = "arn:aws:secretsmanager:eu-central-1:111122223333:secret:charter-eu-central-1/audit-checkpoint-key-GhIjKl"
  }
}

variables {
  region                 = "eu-central-1"
  certificate_arn        = "arn:aws:acm:eu-central-1:111122223333:certificate/6f1f5bb0-0000-4000-8000-000000000001"
  admin_role_arns        = ["arn:aws:iam::111122223333:role/charter-deploy"]
  image_tag              = "1.0.0"
  jwt_issuer             = "https://id.example.com/"
  jwt_publickey_location = "https://id.example.com/.well-known/jwks.json"
  jwt_audiences          = ["charter-api"]
}

run "encryption_everywhere_under_the_region_key" {
  command = plan

  assert {
    condition     = aws_db_instance.this.storage_encrypted && aws_db_instance.this.kms_key_id == aws_kms_key.this.arn
    error_message = "RDS storage must be encrypted with the region key."
  }

  assert {
    condition     = aws_db_instance.this.performance_insights_kms_key_id == aws_kms_key.this.arn && aws_db_instance.this.master_user_secret_kms_key_id == aws_kms_key.this.arn
    error_message = "Performance Insights and the database secret must be encrypted with the region key."
  }

  assert {
    condition = alltrue([
      for r in aws_s3_bucket_server_side_encryption_configuration.ledger.rule : alltrue([
        for d in r.apply_server_side_encryption_by_default : d.sse_algorithm == "aws:kms" && d.kms_master_key_id == aws_kms_key.this.arn
      ])
    ]) && length(aws_s3_bucket_server_side_encryption_configuration.ledger.rule) == 1
    error_message = "The ledger bucket must use SSE-KMS with the region key."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.kms_key_id == aws_kms_key.this.arn
    error_message = "The log group must be encrypted with the region key."
  }

  assert {
    condition     = aws_ecr_repository.this.encryption_configuration[0].encryption_type == "KMS" && aws_ecr_repository.this.encryption_configuration[0].kms_key == aws_kms_key.this.arn
    error_message = "The image repository must be encrypted with the region key."
  }

  assert {
    condition     = aws_ecr_repository.this.image_tag_mutability == "IMMUTABLE" && aws_ecr_repository.this.image_scanning_configuration[0].scan_on_push
    error_message = "Image tags must be immutable and images scanned on push."
  }
}

run "region_key_rotates_and_its_policy_names_only_known_principals" {
  command = plan

  assert {
    condition     = aws_kms_key.this.enable_key_rotation && aws_kms_key.this.rotation_period_in_days == 365
    error_message = "The region key must rotate yearly."
  }

  assert {
    condition     = aws_kms_alias.this.name == "alias/charter-eu-central-1" && !aws_kms_key.this.multi_region
    error_message = "The key is a single-region key aliased alias/charter-<name>."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_kms_key.this.policy).Statement : alltrue([
        for p in flatten([try(s.Principal.AWS, [])]) : contains(concat(var.admin_role_arns, [aws_iam_role.task.arn, aws_iam_role.execution.arn]), p)
      ])
    ])
    error_message = "The key policy may name only the admin roles, the task role and the execution role."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_kms_key.this.policy).Statement :
      !contains(flatten([s.Action]), "kms:*") && !contains(flatten([try(s.Principal.AWS, [])]), "*")
    ])
    error_message = "No kms:* and no wildcard principal in the key policy."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_kms_key.this.policy).Statement : s.Sid != "KeyAdministration" || !contains(s.Action, "kms:Decrypt")
    ])
    error_message = "Key administrators must not be able to decrypt directly."
  }

  assert {
    condition = one([
      for s in jsondecode(aws_kms_key.this.policy).Statement : s.Condition.StringEquals["kms:ViaService"]
      if try(s.Principal.AWS, "") == aws_iam_role.execution.arn
    ]) == "secretsmanager.eu-central-1.amazonaws.com"
    error_message = "The execution role may decrypt only through Secrets Manager."
  }
}

run "ledger_is_object_locked_in_compliance_mode" {
  command = plan

  assert {
    condition     = aws_s3_bucket.ledger.object_lock_enabled && !aws_s3_bucket.ledger.force_destroy
    error_message = "The ledger bucket must have Object Lock enabled."
  }

  assert {
    condition     = aws_s3_bucket_object_lock_configuration.ledger.rule[0].default_retention[0].mode == "COMPLIANCE" && aws_s3_bucket_object_lock_configuration.ledger.rule[0].default_retention[0].days == var.ledger_retention_days
    error_message = "Object Lock must default to COMPLIANCE mode with the configured retention."
  }

  assert {
    condition     = aws_s3_bucket_versioning.ledger.versioning_configuration[0].status == "Enabled"
    error_message = "The ledger bucket must be versioned."
  }

  assert {
    condition = alltrue([
      aws_s3_bucket_public_access_block.ledger.block_public_acls,
      aws_s3_bucket_public_access_block.ledger.block_public_policy,
      aws_s3_bucket_public_access_block.ledger.ignore_public_acls,
      aws_s3_bucket_public_access_block.ledger.restrict_public_buckets,
    ])
    error_message = "All public access to the ledger bucket must be blocked."
  }

  assert {
    condition     = contains([for s in jsondecode(aws_s3_bucket_policy.ledger.policy).Statement : s.Sid if s.Effect == "Deny"], "DenyInsecureTransport")
    error_message = "The ledger bucket must refuse plain HTTP."
  }
}

run "database_is_private_protected_and_backed_up" {
  command = plan

  assert {
    condition     = !aws_db_instance.this.publicly_accessible
    error_message = "The database must not be publicly accessible."
  }

  assert {
    condition     = aws_db_instance.this.deletion_protection && !aws_db_instance.this.skip_final_snapshot
    error_message = "The database must have deletion protection and a final snapshot."
  }

  assert {
    condition     = aws_db_instance.this.backup_retention_period >= 7 && aws_db_instance.this.multi_az
    error_message = "Backups must be kept at least 7 days; Multi-AZ is on by default."
  }

  assert {
    condition     = aws_db_instance.this.manage_master_user_password && aws_db_instance.this.password == null
    error_message = "The database password must be managed in Secrets Manager, never in Terraform state."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.db_from_tasks.referenced_security_group_id == aws_security_group.tasks.id && aws_vpc_security_group_ingress_rule.db_from_tasks.cidr_ipv4 == null
    error_message = "The database must accept connections only from the task security group."
  }

  assert {
    condition     = one([for p in aws_db_parameter_group.this.parameter : p.value if p.name == "rds.force_ssl"]) == "1"
    error_message = "The database must refuse connections without TLS."
  }
}

run "load_balancer_speaks_tls_1_2_plus_and_keeps_websockets_open" {
  command = plan

  assert {
    condition     = aws_lb_listener.https.protocol == "HTTPS" && aws_lb_listener.https.port == 443 && aws_lb_listener.https.ssl_policy == "ELBSecurityPolicy-TLS13-1-2-2021-06"
    error_message = "The HTTPS listener must use the TLS 1.3/1.2 policy."
  }

  assert {
    condition     = aws_lb_listener.http_redirect.default_action[0].type == "redirect" && aws_lb_listener.http_redirect.default_action[0].redirect[0].protocol == "HTTPS"
    error_message = "Plain HTTP must only redirect to HTTPS."
  }

  assert {
    condition     = aws_lb.this.idle_timeout >= 3600 && aws_lb.this.drop_invalid_header_fields
    error_message = "The idle timeout must be long enough for WebSockets."
  }

  assert {
    condition     = aws_lb_target_group.this.health_check[0].path == "/q/health/ready"
    error_message = "Targets must be checked on /q/health/ready."
  }
}

run "old_tls_policies_are_refused" {
  command = plan

  variables {
    ssl_policy = "ELBSecurityPolicy-2016-08"
  }

  expect_failures = [var.ssl_policy]
}

run "logs_are_retained_for_a_bounded_time" {
  command = plan

  assert {
    condition     = aws_cloudwatch_log_group.this.retention_in_days == 365
    error_message = "Logs are kept 365 days by default."
  }
}

run "log_retention_must_be_a_cloudwatch_value" {
  command = plan

  variables {
    log_retention_days = 0
  }

  expect_failures = [var.log_retention_days]
}

run "task_role_is_limited_to_its_own_key_and_ledger_prefix" {
  command = plan

  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.task.policy).Statement :
      flatten([s.Resource]) == [aws_kms_key.this.arn]
      if anytrue([for a in flatten([s.Action]) : startswith(a, "kms:")])
    ])
    error_message = "KMS permissions of the task role must name only the region key."
  }

  assert {
    condition = toset(flatten([
      for s in jsondecode(aws_iam_role_policy.task.policy).Statement : s.Action
      if anytrue([for a in flatten([s.Action]) : startswith(a, "kms:")])
    ])) == toset(["kms:GenerateDataKey", "kms:Decrypt", "kms:ReEncrypt*", "kms:DescribeKey"])
    error_message = "The task role gets exactly GenerateDataKey, Decrypt, ReEncrypt* and DescribeKey."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.task.policy).Statement : alltrue([
        for r in flatten([s.Resource]) : r != "*" && (startswith(r, "arn:aws:kms:") || r == aws_s3_bucket.ledger.arn || startswith(r, "${aws_s3_bucket.ledger.arn}/ledger/"))
      ])
    ])
    error_message = "The task role may touch only its key, the ledger bucket and the ledger prefix."
  }

  assert {
    condition = !anytrue(flatten([
      for s in jsondecode(aws_iam_role_policy.task.policy).Statement : [
        for a in flatten([s.Action]) :
        contains(["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:BypassGovernanceRetention", "s3:PutObjectLegalHold", "s3:*", "kms:*"], a)
        || (a == "s3:PutObjectRetention" && try(s.Condition.StringEquals["s3:object-lock-mode"], "") != "COMPLIANCE")
      ]
    ]))
    error_message = "The task role must not delete ledger objects or weaken their retention: it may only set COMPLIANCE retention (which nobody can shorten)."
  }

  assert {
    condition     = alltrue([for s in jsondecode(aws_iam_role_policy.execution.policy).Statement : s.Resource == "*" ? s.Action == "ecr:GetAuthorizationToken" : true])
    error_message = "The execution role uses * only for ecr:GetAuthorizationToken."
  }
}

run "service_is_configured_with_the_contract_names" {
  command = plan

  assert {
    condition = alltrue([
      output.container_environment["CHARTER_REGION"] == "eu-central-1",
      output.container_environment["CHARTER_KEYS_PROVIDER"] == "aws-kms",
      output.container_environment["CHARTER_KEYS_AWS_KEY_ID"] == aws_kms_key.this.arn,
      output.container_environment["CHARTER_LEDGER_S3_BUCKET"] == aws_s3_bucket.ledger.id,
      output.container_environment["CHARTER_LEDGER_S3_RETENTION_DAYS"] == tostring(var.ledger_retention_days),
      output.container_environment["MP_JWT_VERIFY_ISSUER"] == var.jwt_issuer,
      output.container_environment["MP_JWT_VERIFY_PUBLICKEY_LOCATION"] == var.jwt_publickey_location,
      output.container_environment["MP_JWT_VERIFY_AUDIENCES"] == "charter-api",
      output.container_environment["MP_JWT_VERIFY_TOKEN_AGE"] == "3600",
      startswith(output.container_environment["QUARKUS_DATASOURCE_REACTIVE_URL"], "postgresql://charter-eu-central-1.abcdefghij"),
      startswith(output.container_environment["QUARKUS_DATASOURCE_JDBC_URL"], "jdbc:postgresql://"),
    ])
    error_message = "The container environment must follow CONTRACT.md's configuration names."
  }

  assert {
    condition     = !contains(keys(output.container_environment), "CHARTER_COUNTRIES") && contains(output.countries, "DE") && contains(output.countries, "GB") && !contains(output.countries, "SA")
    error_message = "The service derives its countries from the residency table for CHARTER_REGION; the module's list is the table's for eu-central-1."
  }

  assert {
    condition = toset([for s in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets : s.name]) == toset(["QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD", "CHARTER_KEYS_RECEIPT_PRIVATE_KEY", "CHARTER_AUDIT_CHECKPOINT_KEY"]) && alltrue([
      for s in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets : startswith(s.valueFrom, "arn:aws:secretsmanager:")
    ])
    error_message = "Database credentials and the service's keys come from Secrets Manager."
  }

  assert {
    condition     = !anytrue([for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : strcontains(lower(e.name), "password")])
    error_message = "No password in plain environment variables."
  }

  assert {
    condition     = !aws_ecs_service.this.network_configuration[0].assign_public_ip && aws_ecs_task_definition.this.task_role_arn == aws_iam_role.task.arn
    error_message = "Tasks run without public IPs, with the task role."
  }

  assert {
    condition     = length(aws_vpc_endpoint.interface) == 5 && aws_vpc_endpoint.s3.vpc_endpoint_type == "Gateway"
    error_message = "KMS, ECR (api, dkr), logs and Secrets Manager endpoints, plus the S3 gateway."
  }

  assert {
    condition     = aws_appautoscaling_policy.cpu.target_tracking_scaling_policy_configuration[0].predefined_metric_specification[0].predefined_metric_type == "ECSServiceAverageCPUUtilization" && length(aws_appautoscaling_policy.connections.target_tracking_scaling_policy_configuration[0].customized_metric_specification) == 1
    error_message = "The service scales on CPU and on connections."
  }
}

run "service_keys_are_generated_into_secrets_manager_under_the_region_key" {
  command = plan

  assert {
    condition = alltrue([
      for s in [aws_secretsmanager_secret.receipt_signing_key, aws_secretsmanager_secret.checkpoint_key] : s.kms_key_id == aws_kms_key.this.arn
    ])
    error_message = "Both key secrets are encrypted by the region key."
  }

  assert {
    condition = alltrue([
      for v in [aws_secretsmanager_secret_version.receipt_signing_key, aws_secretsmanager_secret_version.checkpoint_key] : v.secret_string == null && v.secret_string_wo_version == 1
    ])
    error_message = "Key values are written write-only (never in state), generation 1."
  }

  assert {
    condition = {
      for s in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets : s.name => s.valueFrom
      if startswith(s.name, "CHARTER_")
      } == {
      CHARTER_KEYS_RECEIPT_PRIVATE_KEY = aws_secretsmanager_secret.receipt_signing_key.arn
      CHARTER_AUDIT_CHECKPOINT_KEY     = aws_secretsmanager_secret.checkpoint_key.arn
    }
    error_message = "The task gets the receipt and checkpoint keys as ECS secrets from these secrets."
  }

  assert {
    condition = !anytrue([
      for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : contains(["CHARTER_KEYS_RECEIPT_PRIVATE_KEY", "CHARTER_AUDIT_CHECKPOINT_KEY", "CHARTER_KEYS_RECEIPT_KEY_FILE"], e.name)
    ])
    error_message = "No key in the plain environment, and no key file (the root file system is read-only)."
  }

  assert {
    condition = [
      for st in jsondecode(aws_iam_role_policy.execution.policy).Statement : toset(st.Resource)
      if st.Sid == "ReadServiceKeys"
    ] == [toset([aws_secretsmanager_secret.receipt_signing_key.arn, aws_secretsmanager_secret.checkpoint_key.arn])]
    error_message = "The execution role reads exactly the two key secrets."
  }
}

run "audiences_are_required" {
  command = plan

  variables {
    jwt_audiences = []
  }

  expect_failures = [var.jwt_audiences]
}

run "region_is_pinned_to_the_provider" {
  command = plan

  override_data {
    target = data.aws_region.current
    values = {
      name = "us-east-1"
    }
  }

  expect_failures = [terraform_data.region_pin]
}

run "a_region_the_residency_table_gives_no_country_does_not_plan" {
  command = plan

  override_data {
    target = data.aws_region.current
    values = {
      name = "eu-west-1"
    }
  }

  variables {
    region = "eu-west-1"
  }

  expect_failures = [terraform_data.residency_guard]
}

run "saudi_arabia_is_served_from_me_central_1_alone" {
  command = plan

  override_data {
    target = data.aws_region.current
    values = {
      name = "me-central-1"
    }
  }

  variables {
    region          = "me-central-1"
    certificate_arn = "arn:aws:acm:me-central-1:111122223333:certificate/6f1f5bb0-0000-4000-8000-000000000002"
  }

  assert {
    condition     = join(",", output.countries) == "SA" && terraform_data.residency_guard.input.region == "me-central-1"
    error_message = "The me-central-1 deployment serves Saudi Arabia and nothing else."
  }
}

run "the_environment_cannot_override_whom_the_service_serves" {
  command = plan

  variables {
    environment = { CHARTER_COUNTRIES = "SA" }
  }

  expect_failures = [var.environment]
}

run "region_must_look_like_an_aws_region" {
  command = plan

  variables {
    region = "frankfurt"
  }

  expect_failures = [var.region]
}
