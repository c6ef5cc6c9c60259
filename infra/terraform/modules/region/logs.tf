################################################################################
# Service logs: encrypted under the region key, kept for a bounded time.
################################################################################

resource "aws_cloudwatch_log_group" "this" {
  name              = local.log_group_name
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.this.arn

  tags = merge(local.tags, { Name = local.name })
}
