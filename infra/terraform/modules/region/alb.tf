################################################################################
# Load balancer: HTTPS only (TLS 1.2+), HTTP redirected, an idle timeout long
# enough for WebSocket sessions, readiness probe on /q/health/ready on the
# management port (9000, which no listener forwards to), access logs in an
# in-region bucket.
################################################################################

resource "aws_security_group" "alb" {
  name        = "${local.name}-alb"
  description = "Charter load balancer: HTTPS from clients, to the tasks"
  vpc_id      = aws_vpc.this.id

  tags = merge(local.tags, { Name = "${local.name}-alb" })
}

resource "aws_vpc_security_group_ingress_rule" "alb_https" {
  for_each = toset(var.ingress_cidr_blocks)

  security_group_id = aws_security_group.alb.id
  description       = "HTTPS from clients"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_ingress_rule" "alb_http" {
  for_each = toset(var.ingress_cidr_blocks)

  security_group_id = aws_security_group.alb.id
  description       = "HTTP from clients, redirected to HTTPS"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_egress_rule" "alb_to_tasks" {
  security_group_id            = aws_security_group.alb.id
  description                  = "To the Charter tasks"
  ip_protocol                  = "tcp"
  from_port                    = local.container_port
  to_port                      = local.container_port
  referenced_security_group_id = aws_security_group.tasks.id
}

resource "aws_vpc_security_group_egress_rule" "alb_to_tasks_management" {
  security_group_id            = aws_security_group.alb.id
  description                  = "Health checks to the tasks' management interface"
  ip_protocol                  = "tcp"
  from_port                    = local.management_port
  to_port                      = local.management_port
  referenced_security_group_id = aws_security_group.tasks.id
}

resource "aws_lb" "this" {
  name               = local.name
  load_balancer_type = "application"
  internal           = false
  subnets            = aws_subnet.public[*].id
  security_groups    = [aws_security_group.alb.id]

  idle_timeout               = var.alb_idle_timeout
  drop_invalid_header_fields = true
  enable_deletion_protection = var.alb_deletion_protection

  access_logs {
    enabled = var.alb_access_logs
    bucket  = var.alb_access_logs ? aws_s3_bucket.alb_logs[0].id : ""
    prefix  = local.alb_logs_prefix
  }

  tags = merge(local.tags, { Name = local.name })

  depends_on = [aws_s3_bucket_policy.alb_logs]
}

resource "aws_lb_target_group" "this" {
  name                 = local.name
  port                 = local.container_port
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = aws_vpc.this.id
  deregistration_delay = 60

  # Readiness on the management interface: /q/* is not served on the
  # traffic port, and the management port is reachable from the ALB only.
  health_check {
    enabled             = true
    port                = tostring(local.management_port)
    protocol            = "HTTP"
    path                = "/q/health/ready"
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  tags = merge(local.tags, { Name = local.name })
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }

  tags = local.tags
}

resource "aws_lb_listener" "http_redirect" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }

  tags = local.tags
}

################################################################################
# Access logs: client address, request line, status and timings of every
# request (personal data: kept in this region, for alb_access_log_retention_days,
# never less than the law's minimum: log_minimum.tf).
# ALB writes them only to buckets with SSE-S3 (not SSE-KMS), so this bucket is
# separate from the ledger. A token a careless client puts in a query string
# would be logged here: the service refuses such requests, and the retention
# bounds how long one stays.
################################################################################

locals {
  alb_logs_prefix = "alb"

  # Regions opened before August 2022 deliver logs from a regional ELB
  # account; later ones (me-central-1 among them) from the log delivery
  # service principal, which the policy names everywhere.
  alb_log_service_principal_only_regions = [
    "ap-south-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7",
    "ca-west-1", "eu-central-2", "eu-south-2", "il-central-1", "me-central-1", "mx-central-1",
  ]
  alb_log_account_principal = var.alb_access_logs && !contains(local.alb_log_service_principal_only_regions, var.region)
}

data "aws_elb_service_account" "this" {
  count = local.alb_log_account_principal ? 1 : 0
}

resource "aws_s3_bucket" "alb_logs" {
  count = var.alb_access_logs ? 1 : 0

  bucket        = "${local.name}-alb-logs-${local.account_id}"
  force_destroy = false

  tags = merge(local.tags, { Name = "${local.name}-alb-logs" })
}

resource "aws_s3_bucket_ownership_controls" "alb_logs" {
  count = var.alb_access_logs ? 1 : 0

  bucket = aws_s3_bucket.alb_logs[0].id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "alb_logs" {
  count = var.alb_access_logs ? 1 : 0

  bucket = aws_s3_bucket.alb_logs[0].id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "alb_logs" {
  count = var.alb_access_logs ? 1 : 0

  bucket = aws_s3_bucket.alb_logs[0].id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256" # the only encryption ALB log delivery supports
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "alb_logs" {
  count = var.alb_access_logs ? 1 : 0

  bucket = aws_s3_bucket.alb_logs[0].id

  rule {
    id     = "expire-access-logs"
    status = "Enabled"

    filter {}

    expiration {
      days = local.alb_access_log_days
    }

    noncurrent_version_expiration {
      noncurrent_days = 1
    }
  }
}

resource "aws_s3_bucket_policy" "alb_logs" {
  count = var.alb_access_logs ? 1 : 0

  bucket = aws_s3_bucket.alb_logs[0].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [
        {
          Sid       = "DenyInsecureTransport"
          Effect    = "Deny"
          Principal = "*"
          Action    = "s3:*"
          Resource  = [aws_s3_bucket.alb_logs[0].arn, "${aws_s3_bucket.alb_logs[0].arn}/*"]
          Condition = { Bool = { "aws:SecureTransport" = "false" } }
        },
        {
          Sid       = "AlbLogDelivery"
          Effect    = "Allow"
          Principal = { Service = "logdelivery.elasticloadbalancing.amazonaws.com" }
          Action    = "s3:PutObject"
          Resource  = "${aws_s3_bucket.alb_logs[0].arn}/${local.alb_logs_prefix}/AWSLogs/${local.account_id}/*"
        },
      ],
      [for account in data.aws_elb_service_account.this : {
        Sid       = "AlbLogDeliveryRegionalAccount"
        Effect    = "Allow"
        Principal = { AWS = account.arn }
        Action    = "s3:PutObject"
        Resource  = "${aws_s3_bucket.alb_logs[0].arn}/${local.alb_logs_prefix}/AWSLogs/${local.account_id}/*"
      }],
    )
  })

  depends_on = [aws_s3_bucket_public_access_block.alb_logs]
}
